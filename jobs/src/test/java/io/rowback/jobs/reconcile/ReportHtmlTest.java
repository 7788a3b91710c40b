package io.rowback.jobs.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.rowback.jobs.testing.Chromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** report.html of a hand-made report, rendered in headless Chromium: at 2 and at 60 snapshot dates. */
class ReportHtmlTest {
    @Test
    void twoDates(@TempDir Path dir) throws Exception {
        JsonNode page = render(dir, ReportTest.sample(2));
        assertBarPerDate(page, ReportTest.sample(2));
        assertLabelsApart(page);
        assertEquals(0, page.get("bars").get(0).get("roots").asInt(), "the first date, nothing missing yet: " + page.get("bars"));
        assertEquals(120, page.get("bars").get(1).get("roots").asInt());
    }

    @Test
    void sixtyDates(@TempDir Path dir) throws Exception {
        Report r = ReportTest.sample(60);
        JsonNode page = render(dir, r);
        assertBarPerDate(page, r);
        assertLabelsApart(page);
        long zero = 0;
        for (JsonNode b : page.get("bars")) {
            zero += b.get("roots").asInt() == 0 ? 1 : 0;
            assertTrue(b.get("height").asDouble() > 0, "a zero day is visible too: " + b);
        }
        assertEquals(58, zero, "the quiet days between the two series are drawn");
        JsonNode chart = page.get("chart");
        assertTrue(chart.get("right").asDouble() - chart.get("left").asDouble() <= 1000, "60 dates fit a page: " + chart);
    }

    @Test
    void theSummaryTheRemapAndTheKeyHistoryReadAsTables(@TempDir Path dir) throws Exception {
        JsonNode page = render(dir, ReportTest.sample(5));
        JsonNode apply = page.get("tables").get("apply");
        assertEquals(List.of("table", "inserted", "repointed", "deleted"), texts(apply.get(0)));
        assertEquals(List.of("customer", "193", "0", "1"), texts(apply.get(1)));
        assertEquals(List.of("rental", "3,990", "4", "0"), texts(apply.get(2)));
        assertEquals(List.of("all tables", "4,183", "4", "1"), texts(apply.get(3)));
        JsonNode remaps = page.get("tables").get("remaps");
        assertEquals(List.of("customer", "customer_id = 600", "customer_id = 11", "email = anna@x.org"), texts(remaps.get(1)));
        JsonNode history = page.get("tables").get("history-0");
        assertEquals(List.of("snapshot date", "email"), texts(history.get(0)));
        assertEquals(List.of("2024-03-01", "carl@x.org"), texts(history.get(1)));
        assertEquals(List.of("2024-03-05", "bob@x.org"), texts(history.get(2)));
        assertTrue(page.get("highlighted").toString().contains("bob@x.org"), "the date the key changed is highlighted: " + page.get("highlighted"));
    }

    static JsonNode render(Path dir, Report r) throws Exception {
        Path file = dir.resolve("report.html");
        ReportHtml.write(file, r);
        return Chromium.measure(file);
    }

    static void assertBarPerDate(JsonNode page, Report r) {
        List<String> dates = new ArrayList<>();
        page.get("bars").forEach(b -> dates.add(b.get("date").asText()));
        assertEquals(r.snapshotDates(), dates, "a bar for every snapshot date");
        for (JsonNode b : page.get("bars")) {
            Report.Series s = r.series().stream().filter(x -> x.firstMissing().equals(b.get("date").asText())).findFirst().orElse(null);
            assertEquals(s == null ? 0 : s.roots(), b.get("roots").asLong(), b::toString);
        }
    }

    /** No two labels of the chart overlap, and each is inside the chart. */
    static void assertLabelsApart(JsonNode page) {
        JsonNode labels = page.get("labels");
        JsonNode chart = page.get("chart");
        long dates = 0;
        for (int i = 0; i < labels.size(); i++) {
            JsonNode a = labels.get(i);
            dates += "date".equals(a.get("cls").asText()) ? 1 : 0;
            assertTrue(a.get("left").asDouble() >= chart.get("left").asDouble() - 0.5 && a.get("right").asDouble() <= chart.get("right").asDouble() + 0.5
                    && a.get("top").asDouble() >= chart.get("top").asDouble() - 0.5 && a.get("bottom").asDouble() <= chart.get("bottom").asDouble() + 0.5,
                    "inside the chart: " + a + " " + chart);
            for (int j = i + 1; j < labels.size(); j++) {
                JsonNode b = labels.get(j);
                boolean overlap = a.get("left").asDouble() < b.get("right").asDouble() - 0.5 && b.get("left").asDouble() < a.get("right").asDouble() - 0.5
                        && a.get("top").asDouble() < b.get("bottom").asDouble() - 0.5 && b.get("top").asDouble() < a.get("bottom").asDouble() - 0.5;
                assertTrue(!overlap, "labels overlap: " + a + " and " + b);
            }
        }
        assertEquals(page.get("bars").size(), dates, "every date is labelled");
    }

    static List<String> texts(JsonNode row) {
        List<String> out = new ArrayList<>();
        row.forEach(c -> out.add(c.asText()));
        return out;
    }
}

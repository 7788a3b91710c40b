package io.rowback.jobs.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed report: written as report.json and read back equal; a report.json of an older rowback still reads. */
class ReportTest {
    static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A report of {@code dates} daily snapshots from 2024-03-01, roots missing on the second and the last date. */
    static Report sample(int dates) {
        List<String> days = new ArrayList<>();
        for (int i = 0; i < dates; i++) {
            days.add(java.time.LocalDate.of(2024, 3, 1).plusDays(i).toString());
        }
        List<Report.Series> series = new ArrayList<>();
        series.add(new Report.Series(1, days.get(0), days.get(1), 120));
        if (dates > 2) {
            series.add(new Report.Series(2, days.get(dates - 2), days.get(dates - 1), 75));
        }
        Map<String, Report.TableCounts> tables = new LinkedHashMap<>();
        tables.put("customer", new Report.TableCounts(195, 194, 1, 0, 193));
        tables.put("rental", new Report.TableCounts(4000, 3990, 10, 3, 3990));
        Report.Key email = new Report.Key("idx_email", List.of("email"), List.of("anna@x.org"));
        Report.Remap remap = new Report.Remap("customer", List.of("customer"), List.of(600L), List.of(11L),
                row("customer_id", 600L, "email", "anna@x.org", "active", true), row("customer_id", 11L, "email", "anna@x.org", "active", true),
                List.of(email), List.of("customer_id"));
        Report.Conflict conflict = new Report.Conflict("customer", List.of(12L), List.of(13L),
                new Report.Key("idx_email", List.of("email"), List.of("bob@x.org")), "which existed on " + days.get(0) + " with another key and has taken this one since",
                row("customer_id", 12L, "email", "bob@x.org", "balance", new BigDecimal("12.50")), row("customer_id", 13L, "email", "carl@x.org", "balance", null),
                row("customer_id", 13L, "email", "bob@x.org", "balance", null),
                List.of(row("snapshot_date", days.get(0), "email", "carl@x.org"), row("snapshot_date", days.get(dates - 1), "email", "bob@x.org")),
                List.of("customer_id"));
        Report.Dangling dangling = new Report.Dangling("payment.rental_id -> rental.rental_id", true, 3, List.of(row("payment_id", 5L, "rental_id", 7L)));
        Map<String, Report.Applied> applied = new LinkedHashMap<>();
        applied.put("customer", new Report.Applied(193, 0, 1, 1));
        applied.put("rental", new Report.Applied(3990, 4, 0, 0));
        return new Report("sakila", days.get(0), days.get(dates - 1), List.of("customer"), "2024-03-10T10:00:00Z", days, 195, series, tables,
                List.of(remap), List.of(conflict), List.of(dangling),
                new Report.CutReferences(2, 1, 0, List.of(new Report.CutReference("rental.staff_id -> staff.staff_id", true, "SET NULL", "ON DELETE SET NULL", 2, true),
                        new Report.CutReference("payment.staff_id -> staff.staff_id", true, "RESTRICT", "hand", 1, false))),
                new Report.Script(1, 4, 1, 2, applied), List.of("a warning"));
    }

    @Test
    void aReportWrittenReadsBackEqual(@TempDir Path dir) throws IOException {
        Report r = sample(5);
        Path file = dir.resolve("report.json");
        r.write(file);
        assertEquals(r, Report.read(file));
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals(List.of("source", "from", "to", "roots", "written", "snapshotDates", "deletedRoots", "series", "tables", "remaps", "conflicts",
                "dangling", "cutReferences", "script", "warnings"), fieldNames(json));
        assertEquals(600, json.get("remaps").get(0).get("recreatedKey").get(0).asInt());
        assertTrue(Files.readString(file).contains("\"balance\" : 12.50"), "a decimal as the database has it");
        assertTrue(json.get("conflicts").get(0).get("holderBefore").get("balance").isNull(), "null values are written, not left out");
        assertEquals(193, json.get("tables").get("customer").get("inserted").asInt());
    }

    @Test
    void valuesBecomeJsonsOwnSoThatTheyReadBackEqual(@TempDir Path dir) throws IOException {
        Map<String, Object> row = ReconcileReport.json(row("i", 7, "s", (short) 3, "d", 1.5d, "f", 2.25f, "nan", Double.NaN, "b", new byte[]{1, 2}));
        assertEquals(7L, row.get("i"));
        assertEquals(3L, row.get("s"));
        assertEquals(new BigDecimal("1.5"), row.get("d"));
        assertEquals(new BigDecimal("2.25"), row.get("f"));
        assertTrue(row.get("nan") instanceof String, "NaN is not a JSON number: " + row);
        Report r = sample(2);
        Report withRow = new Report(r.source(), r.from(), r.to(), r.roots(), r.written(), r.snapshotDates(), r.deletedRoots(), r.series(), r.tables(),
                r.remaps(), r.conflicts(), List.of(new Report.Dangling("a.b -> c.d", false, 1, List.of(row))), r.cutReferences(), r.script(), r.warnings());
        Path file = dir.resolve("report.json");
        withRow.write(file);
        assertEquals(withRow, Report.read(file));
    }

    @Test
    void aReportJsonOfMainsCodeStillReads() throws IOException {
        Path file = Path.of("src/test/resources/reports/main-demo-report.json");
        Report r = Report.read(file);
        assertEquals("lino", r.source());
        assertEquals("2015-06-05", r.from());
        assertEquals(6, r.deletedRoots());
        assertEquals(1, r.series().size());
        assertEquals(new Report.Series(1, "2015-06-05", "2015-06-12", 6), r.series().get(0));
        assertEquals(new Report.TableCounts(3, 2, 1, 0, 2), r.tables().get("aids_granting"));
        assertEquals(List.of(100014L), r.remaps().get(0).recreatedKey());
        assertEquals(14L, r.remaps().get(0).original().get("person_ptr_id"));
        assertEquals("national_id = 100014 014-14", r.remaps().get(0).keys().get(0).text());
        assertNull(r.remaps().get(0).keyColumns(), "an older report does not name the key columns");
        assertEquals("100014", Report.keyText(null, r.remaps().get(0).recreatedKey()));
        Report.Conflict c = r.conflicts().get(0);
        assertEquals(List.of(38L), c.vanishedKey());
        assertEquals("100038 038-38", c.holderHistory().get(1).get("national_id"));
        assertEquals(new Report.Script(1, 4, 3, 0, null), r.script());
        assertNull(r.cutReferences(), "an older report has no cut references");
        assertEquals(7, r.dangling().get(0).rows());
        assertEquals(18L, r.dangling().get(0).sample().get(0).get("id"));
        // and it renders
        String html = ReportHtml.render(r);
        assertTrue(html.contains("<table id=\"apply\">"), html);
        assertTrue(html.contains("<td>pcsw_client</td><td>100014</td><td>14</td>"), html);
    }

    @Test
    void aFileThatIsNotAReportIsRefused(@TempDir Path dir) throws IOException {
        Path notJson = Files.writeString(dir.resolve("a.json"), "restore.sql?");
        assertThrows(IOException.class, () -> Report.read(notJson));
        Path other = Files.writeString(dir.resolve("b.json"), "{\"name\": \"package.json\"}");
        IOException e = assertThrows(IOException.class, () -> Report.read(other));
        assertTrue(e.getMessage().contains("no source"), e.getMessage());
        Path array = Files.writeString(dir.resolve("c.json"), "[1, 2]");
        assertThrows(IOException.class, () -> Report.read(array));
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}

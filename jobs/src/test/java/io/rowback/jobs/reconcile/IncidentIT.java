package io.rowback.jobs.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rowback.catalog.Catalog;
import io.rowback.catalog.Table;
import io.rowback.config.ConfigLoader;
import io.rowback.config.RowbackConfig;
import io.rowback.dialect.Dialects;
import io.rowback.jobs.demo.IncidentDatabase;
import io.rowback.jobs.testing.Cli;
import io.rowback.jobs.testing.Configs;
import io.rowback.jobs.testing.Frames;
import io.rowback.jobs.testing.SourceRows;
import io.rowback.jobs.testing.SparkExtension;
import io.rowback.jobs.testing.TestDatabase;
import io.rowback.source.SourceDatabase;
import io.rowback.store.SnapshotReader;
import io.rowback.store.WarehouseLayout;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The incident of 2015-06-20 as a test, written once and run on MariaDB and PostgreSQL: 15,446
 * partners; 195 vanish with their dependent rows in two series; six clients are re-created from
 * their ID card under the incident's new ids; a surviving client takes the national id of a vanished
 * one. Reconcile must find exactly that, the restore script must bring back every row as it was,
 * point everything at the original ids and change nothing else, and undo must revert it exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IncidentIT {
    static final int PARTNERS = 15_446;
    static final LocalDate D1 = LocalDate.of(2015, 6, 5);
    static final LocalDate D2 = LocalDate.of(2015, 6, 10);
    static final LocalDate D3 = LocalDate.of(2015, 6, 12);
    static final LocalDate D4 = LocalDate.of(2015, 6, 13);
    static final int[] NEW_IDS = {200559, 200708, 200714, 200715, 200716, 200717};

    final SparkSession spark = SparkExtension.spark();
    TestDatabase db;
    Path dir;
    Path config;
    RowbackConfig cfg;
    List<Integer> series1 = new ArrayList<>();
    List<Integer> series2 = new ArrayList<>();
    Map<Integer, Integer> recreated = new LinkedHashMap<>();
    int conflictOriginal;
    int conflictHolder;
    long danglingExpected;
    JsonNode report;
    Path out;
    int edited;
    Map<String, Integer> deleted1;
    Map<String, Integer> deleted2;

    abstract TestDatabase database();

    @BeforeAll
    void story() throws Exception {
        db = database();
        dir = Files.createTempDirectory("incident");
        config = Configs.write(dir, db, "    naturalKeys:\n      pcsw_client: [national_id]\n    references:\n"
                + IncidentDatabase.REFERENCES.stream().map(r -> "      - \"" + r + "\"\n").collect(Collectors.joining()));
        cfg = new ConfigLoader().load(config);
        for (int k = 0; k < 195; k++) {
            (k < 120 ? series1 : series2).add(11 + 79 * k);
        }
        for (int id : series2) {
            if (IncidentDatabase.isClient(id) && recreated.size() < NEW_IDS.length) {
                recreated.put(NEW_IDS[recreated.size()], id);
            }
        }
        conflictOriginal = series1.stream().filter(IncidentDatabase::isClient).findFirst().orElseThrow();
        Set<Integer> gone = new TreeSet<>(series1);
        gone.addAll(series2);
        conflictHolder = conflictOriginal + 2;
        while (!IncidentDatabase.isClient(conflictHolder) || gone.contains(conflictHolder)) {
            conflictHolder += 2;
        }
        edited = 7;

        try (Connection c = db.connect()) {
            IncidentDatabase app = new IncidentDatabase(c, db.kind());
            app.create();
            app.populate(PARTNERS);
            snapshot(D1);
            deleted1 = app.deletePartners(series1);
            db.execute("UPDATE contacts_partner SET name = 'Renamed Partner', email = NULL WHERE id = " + edited);
            snapshot(D2);
            deleted2 = app.deletePartners(series2);
            int base = 9_000_000;
            for (Map.Entry<Integer, Integer> e : recreated.entrySet()) {
                app.recreateClient(e.getValue(), e.getKey(), base);
                base += 10;
            }
            app.takeNationalId(conflictHolder, IncidentDatabase.nationalId(conflictOriginal));
            danglingExpected = scalar(c, "SELECT COUNT(*) FROM aids_refundconfirmation WHERE doctor_id IN ("
                    + gone.stream().map(String::valueOf).collect(Collectors.joining(",")) + ")");
            snapshot(D3);
        }
        out = dir.resolve("out");
        Cli.Result r = Cli.run("reconcile", "--config", config.toString(), "--from", D1.toString(), "--to", D3.toString(),
                "--root", "contacts_partner", "--out", out.toString());
        assertEquals(0, r.exit(), r::toString);
        report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    }

    @AfterAll
    void drop() throws Exception {
        db.close();
    }

    static long number(JsonNode cell) {
        return Long.parseLong(cell.asText().replace(",", ""));
    }

    void snapshot(LocalDate date) {
        Cli.Result r = Cli.run("snapshot", "--config", config.toString(), "--date", date.toString());
        assertEquals(0, r.exit(), r::toString);
    }

    static long scalar(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void findsTheVanishedPartnersInTwoSeries() {
        assertEquals(195, report.get("deletedRoots").asLong());
        JsonNode series = report.get("series");
        assertEquals(2, series.size(), series::toString);
        assertEquals(List.of(D1 + " " + D2 + " 120", D2 + " " + D3 + " 75"), List.of(
                series.get(0).get("lastSeen").asText() + " " + series.get(0).get("firstMissing").asText() + " " + series.get(0).get("roots").asLong(),
                series.get(1).get("lastSeen").asText() + " " + series.get(1).get("firstMissing").asText() + " " + series.get(1).get("roots").asLong()));
    }

    @Test
    void remapsTheSixRecreatedClientsAndReportsTheOneConflict() {
        Map<Integer, Integer> found = new LinkedHashMap<>();
        for (JsonNode r : report.get("remaps")) {
            assertEquals("pcsw_client", r.get("table").asText());
            found.put(r.get("recreated").get("person_ptr_id").asInt(), r.get("original").get("person_ptr_id").asInt());
        }
        assertEquals(recreated, found);
        JsonNode conflicts = report.get("conflicts");
        assertEquals(1, conflicts.size(), conflicts::toString);
        JsonNode c = conflicts.get(0);
        assertEquals(conflictOriginal, c.get("vanished").get("person_ptr_id").asInt());
        assertEquals(conflictHolder, c.get("holderAfter").get("person_ptr_id").asInt());
        assertEquals(IncidentDatabase.nationalId(conflictOriginal), c.get("holderAfter").get("national_id").asText());
        assertEquals(IncidentDatabase.nationalId(conflictHolder), c.get("holderBefore").get("national_id").asText());
        JsonNode history = c.get("holderHistory");
        assertEquals(3, history.size(), "one entry per snapshot date: " + history);
        assertEquals(IncidentDatabase.nationalId(conflictHolder), history.get(1).get("national_id").asText(), "still its own on " + D2);
        assertEquals(IncidentDatabase.nationalId(conflictOriginal), history.get(2).get("national_id").asText(), "taken by " + D3);
    }

    @Test
    void perRootCountsAddUpThoughTheConflictHoldsARootBack() throws Exception {
        String script = Files.readString(out.resolve("restore.sql"));
        assertTrue(!script.contains("-- contacts_partner id = " + conflictOriginal + ":"), "the root the conflict holds back has no comment of its own");
        io.rowback.jobs.testing.RootCounts.assertAddUp(script);
    }

    @Test
    void reportHtmlShowsTheTimelineTheRemapsAndTheConflictWhenRendered() throws Exception {
        JsonNode page = io.rowback.jobs.testing.Chromium.measure(out.resolve("report.html"));
        JsonNode all = page.get("bars");
        List<String> barDates = new ArrayList<>();
        all.forEach(b -> barDates.add(b.get("date").asText()));
        assertEquals(List.of(D1.toString(), D2.toString(), D3.toString()), barDates, "a bar for every snapshot date: " + page);
        assertEquals(0, all.get(0).get("roots").asInt(), "nothing is missing on the first date: " + all);
        assertTrue(all.get(0).get("height").asDouble() > 0, "a day without deletions is visible: " + all);
        JsonNode bars = page.get("bars").deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) bars).remove(0);
        assertEquals(D2.toString(), bars.get(0).get("date").asText());
        assertEquals(120, bars.get(0).get("roots").asInt());
        assertEquals(75, bars.get(1).get("roots").asInt());
        double ratio = bars.get(1).get("height").asDouble() / bars.get(0).get("height").asDouble();
        assertEquals(75.0 / 120, ratio, 0.03, "bar heights as rendered follow the counts: " + bars);
        assertTrue(bars.get(0).get("height").asDouble() > 100, "the tallest bar is drawn tall: " + bars);
        assertTrue(!bars.get(0).get("fill").asText().equals(bars.get(1).get("fill").asText()), "the two series are told apart: " + bars);
        assertTrue(!all.get(0).get("fill").asText().equals(bars.get(0).get("fill").asText()), "a zero day is not a series: " + all);

        // the summary at the top says what the script's header says it does
        List<String> header = Files.readAllLines(out.resolve("restore.sql")).stream().takeWhile(l -> l.startsWith("--")).toList();
        Map<String, Long> inserted = new LinkedHashMap<>();
        long[] totals = null;
        for (String l : header) {
            java.util.regex.Matcher ins = java.util.regex.Pattern.compile("--\\s+(\\S+)\\s+([\\d,]+) rows inserted").matcher(l);
            if (ins.matches()) {
                inserted.put(ins.group(1), Long.parseLong(ins.group(2).replace(",", "")));
            }
            java.util.regex.Matcher t = java.util.regex.Pattern.compile("--\\s+([\\d,]+) keys freed for the originals, ([\\d,]+) references repointed at them, "
                    + "([\\d,]+) re-created rows deleted").matcher(l);
            if (t.matches()) {
                totals = new long[]{Long.parseLong(t.group(1).replace(",", "")), Long.parseLong(t.group(2).replace(",", "")),
                        Long.parseLong(t.group(3).replace(",", ""))};
            }
        }
        assertTrue(totals != null && !inserted.isEmpty(), "the script's header counts: " + header);
        JsonNode apply = page.get("tables").get("apply");
        assertEquals("[\"table\",\"inserted\",\"repointed\",\"deleted\"]", apply.get(0).toString());
        Map<String, Long> shownInserted = new LinkedHashMap<>();
        long repointed = 0;
        long deleted = 0;
        for (int i = 1; i < apply.size() - 1; i++) {
            JsonNode row = apply.get(i);
            if (number(row.get(1)) > 0) {
                shownInserted.put(row.get(0).asText(), number(row.get(1)));
            }
            repointed += number(row.get(2));
            deleted += number(row.get(3));
        }
        assertEquals(new java.util.TreeMap<>(inserted), new java.util.TreeMap<>(shownInserted), "rows inserted per table: " + apply);
        assertEquals(totals[1], repointed, "references repointed: " + apply);
        assertEquals(totals[2], deleted, "re-created rows deleted: " + apply);
        assertTrue(totals[1] > 0 && totals[2] > 0, "the incident repoints and deletes re-created clients: " + apply);
        JsonNode total = apply.get(apply.size() - 1);
        assertEquals(List.of("all tables", inserted.values().stream().mapToLong(Long::longValue).sum(), totals[1], totals[2]),
                List.of(total.get(0).asText(), number(total.get(1)), number(total.get(2)), number(total.get(3))));
        assertEquals(1 + 6, page.get("tables").get("remaps").size(), "six remaps shown: " + page.get("tables").get("remaps"));
        JsonNode conflict = page.get("tables").get("conflict-0");
        assertTrue(conflict.toString().contains(IncidentDatabase.nationalId(conflictOriginal)), conflict::toString);
        assertTrue(page.get("highlighted").toString().contains(IncidentDatabase.nationalId(conflictOriginal)),
                "the key the holder took is highlighted: " + page.get("highlighted"));
        assertTrue(page.get("tables").get("dangling").toString().contains("aids_refundconfirmation.doctor_id"), page::toString);
        JsonNode history = page.get("tables").get("history-0");
        assertEquals(1 + 3, history.size(), "the holder's key as a table, a row per snapshot date: " + history);
        assertEquals(List.of(D1.toString(), IncidentDatabase.nationalId(conflictHolder)), List.of(history.get(1).get(0).asText(), history.get(1).get(1).asText()));
        assertEquals(List.of(D3.toString(), IncidentDatabase.nationalId(conflictOriginal)), List.of(history.get(3).get(0).asText(), history.get(3).get(1).asText()));
        assertTrue(!page.toString().contains("{snapshot_date="), "no raw map text on the page");
        JsonNode remaps = page.get("tables").get("remaps");
        assertTrue(remaps.get(1).get(1).asText().matches("person_ptr_id = \\d+"), "re-created ids named by their column: " + remaps);
        JsonNode series = page.get("tables").get("series");
        assertEquals(3, series.size(), "a header and two series: " + series);
        assertEquals(List.of("120", "75"), List.of(series.get(1).get(3).asText(), series.get(2).get(3).asText()));
    }

    @Test
    void traceFollowsTheMovedNationalIdAndTheSeriesAndTheEditedRow() {
        Cli.Result holders = Cli.run("trace", "--config", config.toString(), "--table", "pcsw_client", "--column", "national_id",
                "--value", IncidentDatabase.nationalId(conflictOriginal), "--to", D3.toString());
        assertEquals(0, holders.exit(), holders::toString);
        assertTrue(holders.out().lines().anyMatch(l -> l.matches("\\s*" + D1 + "\\s+held by person_ptr_id = " + conflictOriginal)), holders::toString);
        assertTrue(holders.out().lines().anyMatch(l -> l.matches("\\s*" + D2 + "\\s+held by no row")), holders::toString);
        assertTrue(holders.out().lines().anyMatch(l -> l.matches("\\s*" + D3 + "\\s+held by person_ptr_id = " + conflictHolder)), holders::toString);

        Cli.Result first = Cli.run("trace", "--config", config.toString(), "--table", "contacts_partner", "--key", String.valueOf(series1.get(0)),
                "--to", D3.toString());
        assertEquals(0, first.exit(), first::toString);
        assertTrue(first.out().contains(D2 + "  missing (last seen " + D1 + ")"), "series 1: " + first);
        Cli.Result second = Cli.run("trace", "--config", config.toString(), "--table", "contacts_partner", "--key", String.valueOf(series2.get(0)),
                "--to", D3.toString());
        assertTrue(second.out().contains(D3 + "  missing (last seen " + D2 + ")"), "series 2: " + second);

        Cli.Result edit = Cli.run("trace", "--config", config.toString(), "--table", "contacts_partner", "--key", String.valueOf(edited),
                "--to", D3.toString());
        assertEquals(0, edit.exit(), edit::toString);
        assertTrue(edit.out().contains(D2 + "  changed: name: '" + "Peeters H"), edit::toString);
        assertTrue(edit.out().contains("-> 'Renamed Partner'; email: ") && edit.out().contains("-> NULL"), edit::toString);

        int newId = recreated.keySet().iterator().next();
        Cli.Result re = Cli.run("trace", "--config", config.toString(), "--table", "contacts_partner", "--key", String.valueOf(newId),
                "--to", D3.toString(), "--report", out.resolve("report.json").toString());
        assertEquals(0, re.exit(), re::toString);
        assertTrue(re.out().contains(D3 + "  first seen"), re::toString);
        assertTrue(re.out().contains("a re-creation of"), "the report says what it is: " + re);
    }

    @Test
    void diffCountsWhatTheStoryDid() {
        Cli.Result first = Cli.run("diff", "--config", config.toString(), "--from", D1.toString(), "--to", D2.toString());
        assertEquals(0, first.exit(), first::toString);
        for (String t : IncidentDatabase.TABLES) {
            long changed = t.equals("contacts_partner") ? 1 : 0;
            assertTrue(first.out().lines().anyMatch(l -> l.matches(t + "\\s+0\\s+" + String.format("%,d", deleted1.getOrDefault(t, 0))
                    .replace(",", "\\,") + "\\s+" + changed + "\\s*")), t + " from " + D1 + " to " + D2 + ":\n" + first.out());
        }
        Cli.Result second = Cli.run("diff", "--config", config.toString(), "--from", D2.toString(), "--to", D3.toString(),
                "--table", "pcsw_client", "notes_note", "--show", "3");
        assertEquals(0, second.exit(), second::toString);
        assertTrue(second.out().lines().anyMatch(l -> l.matches("pcsw_client\\s+6\\s+" + deleted2.get("pcsw_client") + "\\s+1\\s*")), second::toString);
        assertTrue(second.out().lines().anyMatch(l -> l.matches("notes_note\\s+6\\s+" + deleted2.get("notes_note") + "\\s+0\\s*")), second::toString);
        assertTrue(second.out().contains(IncidentDatabase.nationalId(conflictHolder) + " | " + IncidentDatabase.nationalId(conflictOriginal)),
                "the changed row side by side: " + second);
    }

    @Test
    void reportsTheDanglingReferences() {
        long dangling = 0;
        for (JsonNode d : report.get("dangling")) {
            assertTrue(d.get("reference").asText().startsWith("aids_refundconfirmation.doctor_id"), d::toString);
            dangling += d.get("rows").asLong();
        }
        assertTrue(danglingExpected > 0, "the story leaves refund confirmations naming vanished doctors");
        assertEquals(danglingExpected, dangling);
    }

    @Test
    void restoresEveryRowAsItWasRepointsTheRecreatedAndChangesNothingElse() throws Exception {
        Cli.Result dry = Cli.run("apply", "--config", config.toString(), "--script", out.resolve("restore.sql").toString());
        assertEquals(0, dry.exit(), dry::toString);
        assertTrue(dry.out().contains(" 0 would fail"), dry::toString);
        Cli.Result apply = Cli.run("apply", "--config", config.toString(), "--script", out.resolve("restore.sql").toString(), "--commit");
        assertEquals(0, apply.exit(), apply::toString);
        Cli.Result again = Cli.run("apply", "--config", config.toString(), "--script", out.resolve("restore.sql").toString(), "--commit");
        assertEquals(0, again.exit(), again::toString);
        assertTrue(again.out().contains(", 0 rows changed,"), "a second run changes nothing: " + again);

        snapshot(D4);
        SnapshotReader reader = new SnapshotReader(spark, new WarehouseLayout(cfg.warehouse(), "src"));
        Catalog catalog = new io.rowback.store.CatalogStore(spark, reader.layout()).read(D1);
        Map<Integer, Integer> newToOriginal = recreated;
        for (String t : IncidentDatabase.TABLES) {
            Table table = catalog.table(t).orElseThrow();
            Dataset<Row> d1 = reader.at(table, D1);
            Dataset<Row> d3 = reader.at(table, D3);
            Dataset<Row> d4 = reader.at(table, D4);
            String pk = table.primaryKey().columns().get(0);
            Dataset<Row> vanished = d1.join(d3.select(col(pk).as("k")), d1.col(pk).equalTo(col("k")), "left_anti");
            Dataset<Row> restored = vanished.join(heldBack(t, d1), vanished.col(pk).equalTo(col("h")), "left_anti");
            Dataset<Row> kept = d3.where(not(recreatedRow(t)));
            Dataset<Row> expected = repointed(t, kept, newToOriginal).unionByName(restored);
            Frames.assertSameRows(t + " on " + D4, expected, d4);
        }

        Cli.Result second = Cli.run("reconcile", "--config", config.toString(), "--from", D1.toString(), "--to", D4.toString(),
                "--root", "contacts_partner", "--out", dir.resolve("out2").toString());
        assertEquals(0, second.exit(), second::toString);
        JsonNode after = new ObjectMapper().readTree(dir.resolve("out2/report.json").toFile());
        assertEquals(1, after.get("deletedRoots").asLong(), "nothing missing but the conflict's partner: " + after);
        assertEquals(1, after.get("conflicts").size());
        assertEquals(conflictOriginal, after.get("conflicts").get(0).get("vanished").get("person_ptr_id").asInt());

        Cli.Result undo = Cli.run("apply", "--config", config.toString(), "--script", out.resolve("undo.sql").toString(), "--commit");
        assertEquals(0, undo.exit(), undo::toString);
        SourceDatabase source = new SourceDatabase(cfg.source("src"), Dialects.forSource(cfg.source("src")));
        Catalog now = source.readCatalog();
        for (String t : IncidentDatabase.TABLES) {
            Frames.assertSameRows(t + " after undo equals " + D3, reader.at(now.table(t).orElseThrow(), D3),
                    SourceRows.read(spark, source, now.table(t).orElseThrow()));
        }
    }

    private static Column not(Column c) {
        return org.apache.spark.sql.functions.not(c);
    }

    /** The rows of the re-created clients (their partner, person and client rows under the new ids). */
    private Column recreatedRow(String t) {
        Object[] ids = recreated.keySet().toArray();
        return switch (t) {
            case "contacts_partner" -> col("id").isin(ids);
            case "contacts_person" -> col("partner_ptr_id").isin(ids);
            case "pcsw_client" -> col("person_ptr_id").isin(ids);
            default -> lit(false);
        };
    }

    /** D3 rows with every reference to a re-created id replaced by the original id. */
    private static Dataset<Row> repointed(String t, Dataset<Row> rows, Map<Integer, Integer> newToOriginal) {
        return switch (t) {
            case "notes_note" -> rows.withColumn("owner_id", mapped(col("owner_id"), newToOriginal, col("owner_type_id").equalTo(IncidentDatabase.CLIENT_TYPE)));
            case "cal_event" -> rows.withColumn("project_id", mapped(col("project_id"), newToOriginal, lit(true)));
            case "cal_guest" -> rows.withColumn("partner_id", mapped(col("partner_id"), newToOriginal, lit(true)));
            case "dupable_clients_word" -> rows.withColumn("owner_id", mapped(col("owner_id"), newToOriginal, lit(true)));
            default -> rows;
        };
    }

    private static Column mapped(Column c, Map<Integer, Integer> m, Column when) {
        Column out = c;
        for (Map.Entry<Integer, Integer> e : m.entrySet()) {
            out = when(when.and(c.equalTo(e.getKey())), lit(e.getValue())).otherwise(out);
        }
        return out;
    }

    /**
     * Keys of the D1 rows that the conflict holds back: the client whose national id was taken, and
     * every row that needs it (written out for this schema, independently of rowback's closure).
     */
    private Dataset<Row> heldBack(String t, Dataset<Row> d1) {
        int x = conflictOriginal;
        String pk = switch (t) {
            case "contacts_person" -> "partner_ptr_id";
            case "pcsw_client" -> "person_ptr_id";
            default -> "id";
        };
        Column held = switch (t) {
            case "contacts_partner" -> col("id").equalTo(x);
            case "contacts_person" -> col("partner_ptr_id").equalTo(x);
            case "pcsw_client" -> col("person_ptr_id").equalTo(x);
            case "dupable_clients_word" -> col("owner_id").equalTo(x);
            case "pcsw_coaching", "pcsw_clientcontact", "aids_granting", "aids_incomeconfirmation", "aids_refundconfirmation" -> col("client_id").equalTo(x);
            case "cal_event" -> col("project_id").equalTo(x);
            case "cal_guest" -> col("event_id").equalTo(x).or(col("partner_id").equalTo(x));
            case "notes_note" -> col("owner_id").equalTo(x).and(col("owner_type_id").isin(IncidentDatabase.CLIENT_TYPE, IncidentDatabase.PARTNER_TYPE));
            default -> lit(false);
        };
        return d1.where(held).select(col(pk).as("h"));
    }
}

package io.rowback.jobs.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rowback.jobs.testing.Cli;
import io.rowback.jobs.testing.Configs;
import io.rowback.jobs.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Links a deletion cuts. Parent 1 is deleted: its members lose their reference by ON DELETE SET NULL,
 * and a person nulled the reference of its note by hand before. After the restore the members point at
 * parent 1 again; the note only with restoreNulledReferences. Each a round trip: D1, break, D2,
 * reconcile, apply, compare with D1, undo, compare with D2.
 *
 * <p>Box 1 is deleted with the rows of two tables without primary key: its two identical tags (NULL label),
 * and two of its three identical log lines (a configured reference; one copy stays). They come back as
 * multisets: exactly the missing copies, and undo removes exactly those.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LinksIT {
    static final LocalDate D1 = LocalDate.of(2026, 6, 1);
    static final LocalDate D2 = LocalDate.of(2026, 6, 2);
    static final List<String> TABLES = List.of("parent", "member", "note", "box", "tag", "log");
    static final List<String> LINKED = List.of("parent", "member", "note");
    static final List<String> KEYLESS = List.of("box", "tag", "log");

    TestDatabase db;
    Path dir;
    Path config;
    Map<String, List<String>> atD1;
    Map<String, List<String>> atD2;

    abstract TestDatabase database();

    /** Deletes two of the three identical rows (1, 'w') of log. */
    abstract String deleteTwoLogCopies();

    /** parent(id, name); member(id, parent_id -> parent ON DELETE SET NULL, name); note(id, parent_id -> parent, body). */
    String[] schema() {
        return new String[]{"CREATE TABLE parent (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL)",
                "CREATE TABLE member (id INT PRIMARY KEY, parent_id INT, name VARCHAR(20), FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE SET NULL)",
                "CREATE TABLE note (id INT PRIMARY KEY, parent_id INT, body VARCHAR(20), FOREIGN KEY (parent_id) REFERENCES parent (id))",
                "CREATE TABLE box (id INT PRIMARY KEY, name VARCHAR(20))",
                "CREATE TABLE tag (box_id INT NOT NULL, label VARCHAR(20), FOREIGN KEY (box_id) REFERENCES box (id))",
                "CREATE TABLE log (box_id INT, word VARCHAR(20))"};
    }

    @BeforeAll
    void story() throws Exception {
        db = database();
        db.execute(schema());
        db.execute("INSERT INTO parent (id, name) VALUES (1, 'one'), (2, 'two'), (3, 'three')",
                "INSERT INTO member (id, parent_id, name) VALUES (10, 1, 'a'), (11, 1, 'b'), (12, 2, 'c'), (13, NULL, 'd')",
                "INSERT INTO note (id, parent_id, body) VALUES (20, 1, 'x'), (21, 2, 'y')",
                "INSERT INTO box (id, name) VALUES (1, 'b1'), (2, 'b2'), (3, 'b3')",
                "INSERT INTO tag (box_id, label) VALUES (1, NULL), (1, NULL), (2, 'k')",
                "INSERT INTO log (box_id, word) VALUES (1, 'w'), (1, 'w'), (1, 'w'), (2, 'v')");
        dir = Files.createTempDirectory("links");
        config = Configs.write(dir, db, "    references:\n      - \"log.box_id -> box.id\"\n");
        assertEquals(0, Cli.run("snapshot", "--config", config.toString(), "--date", D1.toString()).exit());
        atD1 = dumpAll();
        db.execute("UPDATE note SET parent_id = NULL WHERE parent_id = 1", "DELETE FROM parent WHERE id = 1");
        db.execute("DELETE FROM tag WHERE box_id = 1", deleteTwoLogCopies(), "DELETE FROM box WHERE id = 1");
        assertEquals("1", db.single("SELECT COUNT(*) FROM log WHERE box_id = 1"));
        assertEquals("0", db.single("SELECT COUNT(*) FROM member WHERE parent_id = 1"), "the database nulled the members");
        assertEquals(0, Cli.run("snapshot", "--config", config.toString(), "--date", D2.toString()).exit());
        atD2 = dumpAll();
    }

    @AfterAll
    void drop() throws Exception {
        db.close();
    }

    @Test
    void referencesThatOnDeleteSetNullCutAreSetBackAndAHandNulledOneIsOnlyReported() throws Exception {
        Path out = dir.resolve("default");
        Cli.Result r = reconcile(config, out);
        assertTrue(r.out().contains("2 cut references set back, 1 nulled by hand"), r::toString);
        String script = Files.readString(out.resolve("restore.sql"));
        assertTrue(script.contains("References cut between the dates") && script.contains("2 references that ON DELETE SET NULL cut set back")
                && script.contains("1 nulled by hand left NULL"), script);
        assertTrue(script.contains("note.parent_id -> parent.id: 1 rows, nulled by hand, left NULL"), script);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(2, report.at("/cutReferences/onDeleteSetNull").asLong(), report::toString);
        assertEquals(1, report.at("/cutReferences/nulledByHand").asLong(), report::toString);
        assertEquals(0, report.at("/cutReferences/nulledByHandSetBack").asLong(), report::toString);
        assertEquals(2, report.at("/script/relinked").asLong(), report::toString);

        Cli.Result applied = apply(out.resolve("restore.sql"));
        assertEquals(0, applied.exit(), applied::toString);
        assertEquals(atD1.get("parent"), dump("parent"), "parent 1 is back");
        assertEquals(atD1.get("member"), dump("member"), "its members point at it again, as on D1");
        assertEquals(atD2.get("note"), dump("note"), "the note a person unlinked stays unlinked");

        Cli.Result again = apply(out.resolve("restore.sql"));
        assertEquals(0, again.exit(), again::toString);
        assertTrue(again.out().contains(", 0 rows changed,"), "a second run changes nothing: " + again);

        Cli.Result undo = apply(out.resolve("undo.sql"));
        assertEquals(0, undo.exit(), undo::toString);
        assertEquals(only(atD2, LINKED), dumpAll(LINKED), "undo gives back the state of D2");
    }

    @Test
    void withRestoreNulledReferencesTheHandNulledReferenceIsSetBackToo() throws Exception {
        Path withOption = dir.resolve("with-option.yaml");
        Files.writeString(withOption, Files.readString(config).replace("snapshot:\n", "    restoreNulledReferences: true\nsnapshot:\n"));
        Path out = dir.resolve("option");
        Cli.Result r = reconcile(withOption, out);
        assertTrue(r.out().contains("3 cut references set back, 1 nulled by hand"), r::toString);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(1, report.at("/cutReferences/nulledByHandSetBack").asLong(), report::toString);
        assertEquals(3, report.at("/script/relinked").asLong(), report::toString);
        String script = Files.readString(out.resolve("restore.sql"));
        assertTrue(script.contains("note.parent_id -> parent.id: 1 rows, nulled by hand, set back"), script);

        Cli.Result applied = apply(out.resolve("restore.sql"));
        assertEquals(0, applied.exit(), applied::toString);
        assertEquals(only(atD1, LINKED), dumpAll(LINKED), "everything as on D1");

        Cli.Result undo = apply(out.resolve("undo.sql"));
        assertEquals(0, undo.exit(), undo::toString);
        assertEquals(only(atD2, LINKED), dumpAll(LINKED), "undo gives back the state of D2");
    }

    @Test
    void tablesWithoutKeyAreRestoredAsMultisets() throws Exception {
        Path out = dir.resolve("box");
        Cli.Result r = Cli.run("reconcile", "--config", config.toString(), "--from", D1.toString(), "--to", D2.toString(), "--root", "box",
                "--out", out.toString(), "--allow-drop");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("5 rows to restore"), "box 1, two tags, two log lines: " + r);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        for (String t : List.of("tag", "log")) {
            JsonNode c = report.at("/tables/" + t);
            assertEquals(2, c.get("vanished").asLong(), t + " " + c);
            assertEquals(2, c.get("restore").asLong(), t + " " + c);
            assertEquals(2, c.get("inserted").asLong(), t + " " + c);
        }
        String script = Files.readString(out.resolve("restore.sql"));
        assertTrue(script.matches("(?s).*--   tag +2 rows inserted.*") && script.matches("(?s).*--   log +2 rows inserted.*"), script);
        assertTrue(script.matches("(?s).*--   tag +2 +2 +0 +0\n.*") && script.matches("(?s).*--   log +2 +2 +0 +1\n.*"),
                "vanished and to restore agree; the log line left points at the vanished box: " + script);

        Cli.Result applied = apply(out.resolve("restore.sql"));
        assertEquals(0, applied.exit(), applied::toString);
        assertTrue(applied.out().contains(", 5 rows changed,"), applied::toString);
        assertEquals(only(atD1, KEYLESS), dumpAll(KEYLESS), "both tags and all three log lines are back, none more");

        Cli.Result again = apply(out.resolve("restore.sql"));
        assertEquals(0, again.exit(), again::toString);
        assertTrue(again.out().contains(", 0 rows changed,"), "a second run inserts no further copy: " + again);

        Cli.Result undo = apply(out.resolve("undo.sql"));
        assertEquals(0, undo.exit(), undo::toString);
        assertTrue(undo.out().contains(", 5 rows changed,"), undo::toString);
        assertEquals(only(atD2, KEYLESS), dumpAll(KEYLESS), "undo removes exactly the copies restore inserted: the log line of D2 stays");
    }

    Cli.Result reconcile(Path cfg, Path out) {
        Cli.Result r = Cli.run("reconcile", "--config", cfg.toString(), "--from", D1.toString(), "--to", D2.toString(), "--root", "parent",
                "--out", out.toString());
        assertEquals(0, r.exit(), r::toString);
        return r;
    }

    Cli.Result apply(Path script) {
        return Cli.run("apply", "--config", config.toString(), "--script", script.toString(), "--commit");
    }

    Map<String, List<String>> dumpAll() throws Exception {
        return dumpAll(TABLES);
    }

    /** The tables of one test's story: the other test leaves the rest as it likes. */
    Map<String, List<String>> dumpAll(List<String> tables) throws Exception {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        for (String t : tables) {
            out.put(t, dump(t));
        }
        return out;
    }

    static Map<String, List<String>> only(Map<String, List<String>> dumps, List<String> tables) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        tables.forEach(t -> out.put(t, dumps.get(t)));
        return out;
    }

    /** Every row of a table as text, in the order of all its columns. */
    List<String> dump(String table) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + db.quote(table))) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    b.append(md.getColumnName(i)).append('=').append(rs.getString(i)).append(' ');
                }
                rows.add(b.toString());
            }
        }
        java.util.Collections.sort(rows);
        return rows;
    }
}

package io.rowback.jobs.history;

import io.rowback.jobs.testing.Cli;
import io.rowback.jobs.testing.Configs;
import io.rowback.jobs.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What sql, diff, trace and reconcile say, tried as a new user would: Spark's own words for a query
 * that does not parse, only options the command has, json like csv, a composite key with a comma,
 * a view named as a table, and nothing written when reconcile refuses. Run on each database by the
 * subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MessagesIT {
    TestDatabase db;
    Path dir;
    Path config;

    abstract TestDatabase database();

    abstract String binaryType();

    abstract String binary(String hex);

    @BeforeAll
    void history() throws Exception {
        db = database();
        dir = Files.createTempDirectory("messages");
        db.execute("CREATE TABLE label (code VARCHAR(20), lang VARCHAR(5), blob_value " + binaryType() + ", note VARCHAR(20), PRIMARY KEY (code, lang))",
                "INSERT INTO label VALUES ('a,b', 'en', " + binary("cafe01") + ", NULL), ('a', 'en', NULL, 'plain')",
                "CREATE VIEW label_view AS SELECT code, lang FROM label");
        config = Configs.write(dir, db, null);
        snapshot("2026-07-01");
        db.execute("INSERT INTO label VALUES ('c', 'en', NULL, 'x'), ('d', 'en', NULL, 'y'), ('e', 'en', NULL, 'z')");
        snapshot("2026-07-02");
    }

    @AfterAll
    void drop() throws Exception {
        db.close();
    }

    void snapshot(String date) {
        Cli.Result r = Cli.run("snapshot", "--config", config.toString(), "--date", date);
        assertEquals(0, r.exit(), r::toString);
    }

    @Test
    void aQueryThatDoesNotParseSaysWhatSparkSaidAndWhere() {
        Cli.Result r = Cli.run("sql", "--config", config.toString(), "SELECT code FORM label");
        Cli.assertRefused(r, "the query does not run: [PARSE_SYNTAX_ERROR] Syntax error at or near 'label'", "(line 1, pos 17), here: 'label'");
        Cli.Result missing = Cli.run("sql", "--config", config.toString(), "SELECT * FROM nope");
        Cli.assertRefused(missing, "[TABLE_OR_VIEW_NOT_FOUND]", "`nope`", "(line 1, pos 14)");
        assertFalse(r.err().contains("run: ;"), r::toString);
    }

    @Test
    void jsonWritesBinaryAsHexAndNullAsNull() {
        Cli.Result r = Cli.run("sql", "--config", config.toString(), "--format", "json",
                "SELECT code, blob_value, note FROM label WHERE snapshot_date = '2026-07-01' ORDER BY code");
        assertEquals(0, r.exit(), r::toString);
        assertEquals(List.of("{\"code\":\"a\",\"blob_value\":null,\"note\":\"plain\"}", "{\"code\":\"a,b\",\"blob_value\":\"0xcafe01\",\"note\":null}"),
                r.out().lines().toList(), r::toString);
        Cli.Result csv = Cli.run("sql", "--config", config.toString(), "--format", "csv",
                "SELECT code, blob_value FROM label WHERE snapshot_date = '2026-07-01' AND note IS NULL");
        assertTrue(csv.out().contains("\"a,b\",0xcafe01"), "the same hex in csv: " + csv);
    }

    @Test
    void diffShowNamesItsOwnOptions() {
        Cli.Result r = Cli.run("diff", "--config", config.toString(), "--from", "2026-07-01", "--to", "2026-07-02", "--table", "label", "--show", "2");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("(first 2 rows; a larger --show shows more, rowback sql shows all)"), r::toString);
        assertFalse(r.out().contains("--limit") || r.out().contains("--format"), "options diff does not have: " + r);
    }

    @Test
    void aKeyValueWithACommaIsGivenByName() {
        Cli.Result r = Cli.run("trace", "--config", config.toString(), "--table", "label", "--key", "code=a,b", "--key", "lang=en");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("label code = a,b, lang = en: 2 of 2 snapshot dates"), r::toString);
        Cli.Result positional = Cli.run("trace", "--config", config.toString(), "--table", "label", "--key", "a,b", "--key", "en");
        assertEquals(0, positional.exit(), positional::toString);
        assertTrue(positional.out().contains("label code = a,b, lang = en"), positional::toString);
        Cli.Result shorthand = Cli.run("trace", "--config", config.toString(), "--table", "label", "--key", "a,en");
        assertEquals(0, shorthand.exit(), shorthand::toString);
        assertTrue(shorthand.out().contains("label code = a, lang = en"), shorthand::toString);
        Cli.assertRefused(Cli.run("trace", "--config", config.toString(), "--table", "label", "--key", "a,b,en"),
                "has 2 column(s) [code, lang] and 3 value(s)", "--key code=VALUE --key lang=VALUE");
    }

    @Test
    void aViewIsSaidToBeAView() {
        Cli.assertRefused(reconcile("label_view", dir.resolve("view-out")), "--root label_view", "is a view", "not views");
        Cli.assertRefused(Cli.run("trace", "--config", config.toString(), "--table", "label_view", "--key", "1"), "--table label_view", "is a view");
        Cli.assertRefused(Cli.run("diff", "--config", config.toString(), "--from", "2026-07-01", "--to", "2026-07-02", "--table", "label_view"),
                "is a view");
        Cli.assertRefused(reconcile("nope", dir.resolve("nope-out")), "no table 'nope'", "views are not snapshotted");
    }

    @Test
    void aRefusedReconcileWritesNothing() throws Exception {
        Path fresh = dir.resolve("never").resolve("made");
        Cli.assertRefused(reconcile("label_view", fresh), "is a view");
        assertFalse(Files.exists(fresh.getParent()), "no folder made for a refused reconcile");
        Path previous = dir.resolve("previous");
        Files.createDirectories(previous);
        Files.writeString(previous.resolve("restore.sql"), "-- an earlier run's script\n");
        Cli.assertRefused(reconcile("label", previous, "--from", "2026-07-02", "--to", "2026-07-01"), "is not before");
        Cli.assertRefused(reconcile("nope", previous), "no table 'nope'");
        try (var files = Files.list(previous)) {
            assertEquals(List.of("restore.sql"), files.map(p -> p.getFileName().toString()).toList(), "the folder as it was");
        }
        assertEquals("-- an earlier run's script\n", Files.readString(previous.resolve("restore.sql")));
    }

    Cli.Result reconcile(String root, Path out, String... dates) {
        List<String> args = new java.util.ArrayList<>(List.of("reconcile", "--config", config.toString(), "--root", root, "--out", out.toString()));
        args.addAll(dates.length == 0 ? List.of("--from", "2026-07-01", "--to", "2026-07-02") : List.of(dates));
        return Cli.run(args.toArray(String[]::new));
    }
}

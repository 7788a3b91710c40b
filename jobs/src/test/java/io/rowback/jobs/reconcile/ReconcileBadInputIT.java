package io.rowback.jobs.reconcile;

import io.rowback.config.ConfigLoader;
import io.rowback.config.RowbackConfig;
import io.rowback.dialect.Dialects;
import io.rowback.jobs.cli.Console;
import io.rowback.jobs.snapshot.Snapshotter;
import io.rowback.jobs.testing.Cli;
import io.rowback.jobs.testing.Configs;
import io.rowback.jobs.testing.SparkExtension;
import io.rowback.jobs.testing.TestDatabase;
import io.rowback.source.SourceDatabase;
import io.rowback.store.WarehouseLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What reconcile and apply refuse, each with one clear line and exit status 2 (nothing written),
 * and what a dry run reports when a statement would fail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconcileBadInputIT {
    TestDatabase db;
    Path dir;
    Path config;

    @BeforeAll
    void history() throws Exception {
        db = TestDatabase.mariadb();
        dir = Files.createTempDirectory("reconcile-bad");
        db.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name VARCHAR(20) UNIQUE)",
                "INSERT INTO item VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e'), (6, 'f'), (7, 'g'), (8, 'h'), (9, 'i'), (10, 'j')",
                "CREATE TABLE note (id INTEGER PRIMARY KEY, item_id INTEGER, text VARCHAR(20), FOREIGN KEY (item_id) REFERENCES item (id))",
                "INSERT INTO note VALUES (1, 1, 'x')", "CREATE TABLE loose (a INTEGER, b INTEGER)", "INSERT INTO loose VALUES (1, 2)");
        config = Configs.write(dir, db, null);
        snapshot("2026-05-01");
        db.execute("DELETE FROM item WHERE id = 10");
        snapshot("2026-05-02");
        db.execute("DELETE FROM item WHERE id > 2 AND id < 10");
        snapshot("2026-05-03");
        // a date whose snapshot failed for one table (dropped while the snapshot ran)
        RowbackConfig cfg = new ConfigLoader().load(config);
        SourceDatabase source = new SourceDatabase(cfg.source("src"), Dialects.forSource(cfg.source("src")));
        var catalog = source.readCatalog();
        db.execute("RENAME TABLE loose TO loose_gone");
        new Snapshotter(SparkExtension.spark(), source, cfg.snapshot(), new WarehouseLayout(cfg.warehouse(), "src"),
                new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())))
                .run(java.time.LocalDate.parse("2026-05-04"), catalog);
        db.execute("RENAME TABLE loose_gone TO loose");
    }

    @AfterAll
    void drop() throws Exception {
        db.close();
    }

    void snapshot(String date) {
        assertEquals(0, Cli.run("snapshot", "--config", config.toString(), "--date", date).exit());
    }

    Cli.Result reconcile(String from, String to, String... more) {
        String[] base = {"reconcile", "--config", config.toString(), "--from", from, "--to", to, "--root", "item", "--out",
                dir.resolve("out-" + from + "-" + to + "-" + more.length).toString()};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(more)).toArray(String[]::new);
        return Cli.run(args);
    }

    @Test
    void datesMustBeInOrderAndSnapshotted() {
        Cli.assertRefused(reconcile("2026-05-02", "2026-05-01"), "--from 2026-05-02 is not before --to 2026-05-01");
        Cli.assertRefused(reconcile("2026-05-02", "2026-05-02"), "is not before");
        Cli.assertRefused(reconcile("2026-04-30", "2026-05-02"), "--from 2026-04-30", "has no snapshot of that date", "2026-05-01");
        Cli.assertRefused(reconcile("2026-05-01", "2026-13-01"), "invalid date '2026-13-01'");
    }

    @Test
    void anIncompleteDateIsRefusedUnlessAllowed() throws Exception {
        Cli.assertRefused(reconcile("2026-05-01", "2026-05-04"), "the snapshot of 2026-05-04 is incomplete", "loose", "--allow-incomplete");
        Cli.Result allowed = reconcile("2026-05-01", "2026-05-04", "--allow-incomplete", "--allow-drop");
        assertEquals(0, allowed.exit(), allowed::toString);
        assertTrue(allowed.out().contains("incomplete"), "said when allowed: " + allowed.out());
    }

    @Test
    void aCollapsedRowCountIsRefusedUnlessAllowed() throws Exception {
        Cli.assertRefused(reconcile("2026-05-02", "2026-05-03"), "item fell from 9 to 2 rows (78%)", "maxRowDrop", "--allow-drop");
        Cli.Result allowed = reconcile("2026-05-02", "2026-05-03", "--allow-drop");
        assertEquals(0, allowed.exit(), allowed::toString);
        assertTrue(allowed.out().contains("WARNING: item fell from 9 to 2 rows"), "said loudly: " + allowed.out());
        assertTrue(allowed.out().contains("7 deleted roots"), allowed::toString);
    }

    @Test
    void rootsMustBeTablesWithAPrimaryKey() {
        Cli.Result noKey = Cli.run("reconcile", "--config", config.toString(), "--from", "2026-05-01", "--to", "2026-05-02", "--root", "loose",
                "--out", dir.resolve("o1").toString());
        Cli.assertRefused(noKey, "--root loose", "has no primary key");
        Cli.Result unknown = Cli.run("reconcile", "--config", config.toString(), "--from", "2026-05-01", "--to", "2026-05-02", "--root", "nope",
                "--out", dir.resolve("o2").toString());
        Cli.assertRefused(unknown, "--root nope", "no table 'nope'");
    }

    @Test
    void aConfiguredReferenceToAnUnknownColumnIsNamed() throws Exception {
        Path bad = dir.resolve("badref");
        Files.createDirectories(bad);
        Path cfg = Configs.write(bad, db, "    references:\n      - \"note.item_idx -> item.id\"\n");
        Files.writeString(cfg, Files.readString(cfg).replace(bad.resolve("warehouse").toString(), dir.resolve("warehouse").toString()));
        Cli.Result r = Cli.run("reconcile", "--config", cfg.toString(), "--from", "2026-05-01", "--to", "2026-05-02", "--root", "item",
                "--out", dir.resolve("o3").toString());
        Cli.assertRefused(r, "sources.src.references[0]", "has no column 'item_idx'");
    }

    @Test
    void outMustBeAFolderOfItsOwn() throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        Cli.assertRefused(Cli.run("reconcile", "--config", config.toString(), "--from", "2026-05-01", "--to", "2026-05-02", "--root", "item",
                "--out", file.toString()), "is a file");
        Path busy = dir.resolve("busy");
        Files.createDirectories(busy);
        Files.writeString(busy.resolve("mine.txt"), "keep");
        Cli.assertRefused(Cli.run("reconcile", "--config", config.toString(), "--from", "2026-05-01", "--to", "2026-05-02", "--root", "item",
                "--out", busy.toString()), "holds other files", "mine.txt");
    }

    @Test
    void applyListsWhatWouldFailAndCommitsNothingWhenAStatementFails() throws Exception {
        Cli.Result r = reconcile("2026-05-01", "2026-05-02");
        assertEquals(0, r.exit(), r::toString);
        Path script = dir.resolve("out-2026-05-01-2026-05-02-0/restore.sql");
        db.execute("INSERT INTO item VALUES (11, 'j')");
        Cli.Result dry = Cli.run("apply", "--config", config.toString(), "--script", script.toString());
        assertEquals(1, dry.exit(), dry::toString);
        assertTrue(dry.out().contains("would fail: line "), dry::toString);
        assertTrue(dry.out().contains("Duplicate entry 'j' for key 'name'"), "the database's own words: " + dry);
        Cli.Result commit = Cli.run("apply", "--config", config.toString(), "--script", script.toString(), "--commit");
        assertEquals(1, commit.exit(), commit::toString);
        assertTrue(commit.out().contains("rolled back"), commit::toString);
        assertEquals(3, db.count("item"), "nothing was changed");

        Cli.assertRefused(Cli.run("apply", "--config", config.toString(), "--script", dir.resolve("nowhere.sql").toString()), "does not exist");
        Path pg = Files.writeString(dir.resolve("pg.sql"), "-- rowback:dialect=postgresql\nBEGIN;\nSELECT 1;\nCOMMIT;\n");
        Cli.assertRefused(Cli.run("apply", "--config", config.toString(), "--script", pg.toString()), "written for postgresql", "is mariadb");
        assertFalse(Files.exists(dir.resolve("out-2026-05-01-2026-05-02-0/.rowback-partial")), "no partial output left behind");
    }
}

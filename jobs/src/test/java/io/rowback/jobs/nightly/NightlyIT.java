package io.rowback.jobs.nightly;

import io.rowback.config.ConfigLoader;
import io.rowback.config.RowbackConfig;
import io.rowback.jobs.testing.SourceRows;
import io.rowback.jobs.testing.Cli;
import io.rowback.jobs.testing.Configs;
import io.rowback.jobs.testing.SparkExtension;
import io.rowback.jobs.testing.TestDatabase;
import io.rowback.store.RunRecord;
import io.rowback.store.RunsLog;
import io.rowback.store.WarehouseLayout;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The nightly job on a database people keep using: the run log's figures and the watch. */
abstract class NightlyIT {
    static final LocalDate DAY1 = LocalDate.of(2026, 3, 1);
    static final LocalDate DAY2 = LocalDate.of(2026, 3, 2);
    static final LocalDate DAY3 = LocalDate.of(2026, 3, 3);

    @TempDir
    Path dir;
    TestDatabase db;
    final SparkSession spark = SparkExtension.spark();

    abstract TestDatabase database();

    @BeforeEach
    void createDatabase() {
        db = database();
    }

    @AfterEach
    void dropDatabase() throws Exception {
        db.close();
    }

    Map<String, RunRecord> runs(Path config, LocalDate date) {
        RowbackConfig cfg = new ConfigLoader().load(config);
        return new RunsLog(spark, new WarehouseLayout(cfg.warehouse(), "src")).read(date);
    }

    Cli.Result snapshot(Path config, LocalDate date) {
        return Cli.run("snapshot", "--config", config.toString(), "--date", date.toString());
    }

    /** partner 1..n; client 1..2n, two per partner. */
    void partnersWithClients(int n) throws Exception {
        SourceRows.partnersWithClients(db, n);
    }

    /**
     * Issue 13 §5: a table emptied between two dates is recorded with 0 rows (an empty write makes no
     * Delta commit; the figure must not be the previous date's), so reconcile's guard fires.
     */
    @Test
    void aTableEmptiedBetweenTwoDatesIsRecordedAsZeroAndReconcileRefusesIt() throws Exception {
        partnersWithClients(20);
        Path config = Configs.write(dir, db, null);
        assertEquals(0, snapshot(config, DAY1).exit());
        assertEquals(20, runs(config, DAY1).get("partner").rows());
        db.execute("DELETE FROM client", "DELETE FROM partner");
        Cli.Result second = snapshot(config, DAY2);
        assertEquals(0, second.exit(), "no watch: section, no limits: " + second);
        assertTrue(second.out().contains("vanished since " + DAY1 + ": client 40, partner 20"), second::toString);
        RunRecord partner = runs(config, DAY2).get("partner");
        assertTrue(partner.succeeded());
        assertEquals(0, partner.rows(), "rows written on " + DAY2);
        assertEquals(0, partner.bytes(), "bytes written on " + DAY2);
        assertEquals(0, runs(config, DAY2).get("client").rows());

        Path out = dir.resolve("restore");
        Cli.Result refused = Cli.run("reconcile", "--config", config.toString(), "--from", DAY1.toString(), "--to", DAY2.toString(),
                "--root", "partner", "--out", out.toString());
        Cli.assertRefused(refused, "partner fell from 20 to 0 rows", "--allow-drop");

        // a rerun of the date, now with rows again, replaces the empty date and says what it wrote
        db.execute("INSERT INTO partner VALUES (1, 'back')");
        assertEquals(0, snapshot(config, DAY2).exit());
        assertEquals(1, runs(config, DAY2).get("partner").rows());
        db.execute("DELETE FROM partner");
        assertEquals(0, snapshot(config, DAY2).exit());
        assertEquals(0, runs(config, DAY2).get("partner").rows(), "a replaced date emptied again: 0, not the replaced figure");
    }

    @Test
    void ordinaryChurnStaysQuietAndAnIncidentTripsTheWatchOnTheNextSnapshot() throws Exception {
        partnersWithClients(1000);
        Path alert = dir.resolve("alert.txt");
        Path config = Configs.write(dir, db, null, "watch:\n  tables:\n    client: {maxVanished: 1000, maxVanishedShare: 0.5}\n"
                + "  notify: \"cat > '" + alert + "'\"\n");
        Cli.Result first = snapshot(config, DAY1);
        assertEquals(0, first.exit(), first::toString);
        assertTrue(first.out().contains("nothing to compare with"), first::toString);
        assertNull(runs(config, DAY1).get("partner").changes());

        // a day of ordinary use: a few clients leave, some arrive, some change
        db.execute("DELETE FROM client WHERE id IN (3, 4, 5, 6, 7)",
                "INSERT INTO client VALUES (5001, 1, 'new'), (5002, 2, 'new')",
                "UPDATE client SET note = 'changed' WHERE id BETWEEN 100 AND 119");
        Cli.Result churn = snapshot(config, DAY2);
        assertEquals(0, churn.exit(), churn::toString);
        assertEquals("", churn.err().strip(), "quiet: " + churn);
        assertTrue(churn.out().contains("vanished since " + DAY1 + ": client 5"), churn::toString);
        RunRecord.Changes c = runs(config, DAY2).get("client").changes();
        assertEquals(new RunRecord.Changes(DAY1, 5, 2, 20), c);
        assertEquals(new RunRecord.Changes(DAY1, 0, 0, 0), runs(config, DAY2).get("partner").changes());
        assertFalse(Files.exists(alert), "no notification for ordinary churn");

        // the incident: 300 partners deleted with their clients
        db.execute("DELETE FROM client WHERE partner_id BETWEEN 201 AND 500", "DELETE FROM partner WHERE id BETWEEN 201 AND 500");
        Cli.Result incident = snapshot(config, DAY3);
        assertEquals(3, incident.exit(), incident::toString);
        assertTrue(incident.err().contains("partner: 300 of 1,000 rows vanished"), incident::toString);
        assertFalse(incident.err().contains("client:"), "client's own limits (1000, half) hold 600 of 2,000: " + incident);
        assertTrue(incident.out().contains("vanished since " + DAY2 + ": client 600, partner 300"), incident::toString);
        assertEquals(300, runs(config, DAY3).get("partner").changes().vanished());
        assertEquals(600, runs(config, DAY3).get("client").changes().vanished());

        assertTrue(Files.exists(alert), "the notify command ran");
        String text = Files.readString(alert);
        assertTrue(text.contains("source 'src'") && text.contains(DAY2 + " and " + DAY3), text);
        assertTrue(text.contains("partner: 300 of 1,000 rows vanished"), text);
        assertTrue(text.contains("rowback reconcile --config " + config + " --source src --from " + DAY2 + " --to " + DAY3 + " --root partner"), text);
    }

    /** Parquet files under the warehouse whose path holds a partition of one of the dates. */
    List<Path> filesOf(Path config, List<LocalDate> dates) throws Exception {
        Path warehouse = Path.of(new ConfigLoader().load(config).warehouse());
        try (Stream<Path> walk = Files.walk(warehouse)) {
            return walk.filter(p -> p.toString().endsWith(".parquet"))
                    .filter(p -> dates.stream().anyMatch(d -> p.toString().contains(WarehouseLayout.DATE_COLUMN + "=" + d + "/")))
                    .toList();
        }
    }

    @Test
    void pruneKeepsExactlyThePolicysDatesRemovesTheFilesAndTheHistoryStillReads() throws Exception {
        partnersWithClients(20);
        Path config = Configs.write(dir, db, null);
        List<LocalDate> all = Stream.of("2025-11-30", "2025-12-31", "2026-01-10", "2026-01-17", "2026-01-24", "2026-01-30", "2026-01-31")
                .map(LocalDate::parse).toList();
        for (LocalDate d : all) {
            if (d.equals(LocalDate.parse("2026-01-31"))) {
                db.execute("DELETE FROM client WHERE partner_id = 20", "DELETE FROM partner WHERE id = 20");
            }
            assertEquals(0, snapshot(config, d).exit(), d::toString);
        }
        List<LocalDate> kept = Stream.of("2025-12-31", "2026-01-24", "2026-01-30", "2026-01-31").map(LocalDate::parse).toList();
        List<LocalDate> removed = Stream.of("2025-11-30", "2026-01-10", "2026-01-17").map(LocalDate::parse).toList();
        List<Path> filesBefore = filesOf(config, removed);
        assertFalse(filesBefore.isEmpty());

        String[] prune = {"prune", "--config", config.toString(), "--keep-daily", "2", "--keep-weekly", "2", "--keep-monthly", "2"};
        Cli.Result dry = Cli.run(Stream.concat(Stream.of(prune), Stream.of("--dry-run")).toArray(String[]::new));
        assertEquals(0, dry.exit(), dry::toString);
        assertTrue(dry.out().contains("remove 3 dates: 2025-11-30, 2026-01-10, 2026-01-17"), dry::toString);
        assertTrue(dry.out().contains("keep   4 dates: 2025-12-31, 2026-01-24, 2026-01-30, 2026-01-31"), dry::toString);
        assertTrue(dry.out().contains("dry run: nothing removed"), dry::toString);
        assertEquals(filesBefore, filesOf(config, removed), "a dry run removes nothing");

        Cli.Result done = Cli.run(prune);
        assertEquals(0, done.exit(), done::toString);
        assertTrue(done.out().matches("(?s).*removed 3 dates from 4 tables; [1-9][0-9,]* bytes of data files freed.*"), done::toString);
        assertEquals(List.of(), filesOf(config, removed), "the files of the removed dates are gone");
        assertFalse(filesOf(config, kept).isEmpty());

        RowbackConfig cfg = new ConfigLoader().load(config);
        WarehouseLayout layout = new WarehouseLayout(cfg.warehouse(), "src");
        assertEquals(kept, new io.rowback.store.CatalogStore(spark, layout).dates(), "catalog rows of the removed dates gone");
        assertEquals(kept, List.copyOf(new RunsLog(spark, layout).readAll(null).keySet()), "runs of the removed dates gone");
        Cli.Result q = Cli.run("sql", "--config", config.toString(), "--format", "csv",
                "SELECT snapshot_date, count(*) AS n FROM client GROUP BY snapshot_date ORDER BY 1");
        assertEquals(0, q.exit(), q::toString);
        assertEquals(String.join("\n", "snapshot_date,n", "2025-12-31,40", "2026-01-24,40", "2026-01-30,40", "2026-01-31,38"), q.out().strip());
        Cli.Result trace = Cli.run("trace", "--config", config.toString(), "--table", "partner", "--key", "20");
        assertEquals(0, trace.exit(), trace::toString);
        assertTrue(trace.out().contains("2026-01-30") && !trace.out().contains("2026-01-10"), trace::toString);
        Cli.Result reconcile = Cli.run("reconcile", "--config", config.toString(), "--from", "2025-12-31", "--to", "2026-01-31",
                "--root", "partner", "--out", dir.resolve("restore").toString());
        assertEquals(0, reconcile.exit(), reconcile::toString);
        assertTrue(Files.readString(dir.resolve("restore/restore.sql")).contains("'partner 20'"), "restores partner 20");

        Cli.Result again = Cli.run(prune);
        assertEquals(0, again.exit(), again::toString);
        assertTrue(again.out().contains("remove 0 dates: none") && again.out().contains("nothing to remove"), again::toString);
    }

    @Test
    void onlyFailedRerunsTheFailedTablesAndCompletesTheDate() throws Exception {
        db.execute("CREATE TABLE keep_me (id INTEGER PRIMARY KEY)", "INSERT INTO keep_me VALUES (1), (2)",
                "CREATE TABLE flaky (id INTEGER PRIMARY KEY)", "INSERT INTO flaky VALUES (1), (2), (3)");
        Path config = Configs.write(dir, db, null);
        RowbackConfig cfg = new ConfigLoader().load(config);
        io.rowback.source.SourceDatabase source = new io.rowback.source.SourceDatabase(cfg.source("src"),
                io.rowback.dialect.Dialects.forSource(cfg.source("src")));
        io.rowback.catalog.Catalog catalog = source.readCatalog();
        db.execute("ALTER TABLE flaky RENAME TO flaky_away");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        var console = new io.rowback.jobs.cli.Console(new java.io.PrintStream(out, true), new java.io.PrintStream(out, true));
        WarehouseLayout layout = new WarehouseLayout(cfg.warehouse(), "src");
        assertEquals(1, new io.rowback.jobs.snapshot.Snapshotter(spark, source, cfg.snapshot(), layout, console).run(DAY1, catalog).failed());
        RunRecord keptBefore = runs(config, DAY1).get("keep_me");
        assertFalse(new RunsLog(spark, layout).completeDates().contains(DAY1));

        db.execute("ALTER TABLE flaky_away RENAME TO flaky", "INSERT INTO keep_me VALUES (3)");
        Cli.Result rerun = Cli.run("snapshot", "--config", config.toString(), "--date", DAY1.toString(), "--only-failed");
        assertEquals(0, rerun.exit(), rerun::toString);
        assertTrue(rerun.out().contains("only the tables that failed: 1 of 2"), rerun::toString);
        Map<String, RunRecord> after = runs(config, DAY1);
        assertTrue(after.get("flaky").succeeded());
        assertEquals(3, after.get("flaky").rows());
        assertEquals(keptBefore, after.get("keep_me"), "the table that succeeded is not taken again");
        assertEquals(List.of(DAY1), new RunsLog(spark, layout).completeDates(), "the date is complete");
        Cli.Result q = Cli.run("sql", "--config", config.toString(), "--format", "csv",
                "SELECT (SELECT count(*) FROM keep_me) AS k, (SELECT count(*) FROM flaky) AS f");
        assertEquals("k,f\n2,3", q.out().strip(), "nothing doubled, keep_me as first taken: " + q);

        Cli.Result nothing = Cli.run("snapshot", "--config", config.toString(), "--date", DAY1.toString(), "--only-failed");
        assertEquals(0, nothing.exit(), nothing::toString);
        assertTrue(nothing.out().contains("complete already"), nothing::toString);
        Cli.assertRefused(Cli.run("snapshot", "--config", config.toString(), "--date", DAY2.toString(), "--only-failed"),
                "--only-failed", "no run of " + DAY2);
    }

    static final String PASSWORD = "Pw-rowback-7f3Qx9!";

    /** The password never appears in what rowback prints, writes or records, also when the connection fails. */
    @Test
    void thePasswordNeverAppearsInLogsRunsCatalogOrErrors() throws Exception {
        db.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name VARCHAR(20))", "INSERT INTO item VALUES (1, 'one')");
        String user = "rbuser_" + db.name().substring(7);
        createUser(user, PASSWORD);
        try {
            Path wrong = dir.resolve("wrong.yaml");
            Files.writeString(wrong, "warehouse: " + dir.resolve("warehouse") + "\nsources:\n  src:\n    url: \"" + db.url()
                    + "\"\n    user: nobody_" + user + "\n    password: \"" + PASSWORD + "\"\n");
            for (String verbose : List.of("--date", "--verbose")) {
                Cli.Result failed = verbose.equals("--verbose")
                        ? Cli.run("snapshot", "--config", wrong.toString(), "--date", DAY1.toString(), "--verbose")
                        : Cli.run("snapshot", "--config", wrong.toString(), "--date", DAY1.toString());
                assertTrue(failed.exit() != 0, failed::toString);
                assertFalse(failed.toString().contains(PASSWORD), "password in the output: " + failed);
                assertFalse(failed.toString().contains("Pw-rowback"), failed::toString);
            }
            Path right = dir.resolve("right.yaml");
            Files.writeString(right, "warehouse: " + dir.resolve("warehouse") + "\nsources:\n  src:\n    url: \"" + db.url()
                    + "\"\n    user: " + user + "\n    password: \"" + PASSWORD + "\"\n");
            Cli.Result ok = Cli.run("snapshot", "--config", right.toString(), "--date", DAY1.toString(), "--verbose");
            assertEquals(0, ok.exit(), ok::toString);
            assertFalse(ok.toString().contains(PASSWORD), ok::toString);
            try (Stream<Path> walk = Files.walk(dir.resolve("warehouse"))) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    String text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertFalse(text.contains(PASSWORD), "password in " + f);
                }
            }
        } finally {
            dropUser(user);
        }
    }

    abstract void createUser(String user, String password) throws Exception;

    abstract void dropUser(String user) throws Exception;
}

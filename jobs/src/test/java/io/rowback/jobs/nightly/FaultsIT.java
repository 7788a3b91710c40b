package io.rowback.jobs.nightly;

import io.rowback.config.ConfigLoader;
import io.rowback.config.RowbackConfig;
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

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, faults: an extraction's connection killed from the server side, and the whole process
 * killed with SIGKILL in the middle of a snapshot.
 */
abstract class FaultsIT {
    static final LocalDate DAY = LocalDate.of(2026, 6, 1);
    static final int BIG = 400_000;

    @TempDir
    Path dir;
    TestDatabase db;
    final SparkSession spark = SparkExtension.spark();

    abstract TestDatabase database();

    /** Fills big_table (id, payload) with ids 1..n. */
    abstract void fillBig(int n) throws SQLException;

    /** Server ids of the connections running rowback's extract query of the table (not Spark's schema probe). */
    abstract List<Long> extracting(Connection admin, String table) throws SQLException;

    /** Ends that connection from the server side. */
    abstract void kill(Connection admin, long id) throws SQLException;

    @BeforeEach
    void createDatabase() throws Exception {
        db = database();
        db.execute("CREATE TABLE big_table (id BIGINT PRIMARY KEY, payload VARCHAR(64) NOT NULL)",
                "CREATE TABLE small_a (id INT PRIMARY KEY, note VARCHAR(20))",
                "CREATE TABLE small_b (id INT PRIMARY KEY, note VARCHAR(20))");
        fillBig(BIG);
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            rows.append(i == 1 ? "" : ", ").append("(").append(i).append(", 'row ").append(i).append("')");
        }
        db.execute("INSERT INTO small_a VALUES " + rows, "INSERT INTO small_b VALUES " + rows);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        db.close();
    }

    Path config(int retries) throws Exception {
        return Configs.write(dir, db, null, "  retries: " + retries + "\n  retryBackoffSeconds: 1\n");
    }

    WarehouseLayout layout(Path config) {
        RowbackConfig cfg = new ConfigLoader().load(config);
        return new WarehouseLayout(cfg.warehouse(), "src");
    }

    Map<String, RunRecord> runs(Path config) {
        return new RunsLog(spark, layout(config)).read(DAY);
    }

    long stored(Path config, String table) {
        return spark.read().format("delta").load(layout(config).tablePath(table)).where(col(WarehouseLayout.DATE_COLUMN).equalTo(lit(DAY))).count();
    }

    /** Kills big_table's extraction connection each time one appears, at most {@code max} times. */
    final class Killer implements AutoCloseable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger killed = new AtomicInteger();
        final List<Throwable> failures = new ArrayList<>();
        final Thread thread;

        Killer(int max, long delayMillis) {
            thread = new Thread(() -> {
                try (Connection admin = db.connect()) {
                    while (!stop.get() && killed.get() < max) {
                        List<Long> ids = extracting(admin, "big_table");
                        if (ids.isEmpty()) {
                            Thread.sleep(10);
                            continue;
                        }
                        Thread.sleep(delayMillis);
                        for (long id : ids) {
                            kill(admin, id);
                        }
                        killed.incrementAndGet();
                        Thread.sleep(300);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Throwable t) {
                    synchronized (failures) {
                        failures.add(t);
                    }
                }
            }, "connection-killer");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(30_000);
        }
    }

    @Test
    void aConnectionKilledDuringExtractionIsRetriedAndRunsHasTheRealRowCount() throws Exception {
        Path config = config(2);
        Cli.Result r;
        int killed;
        try (Killer k = new Killer(1, 200)) {
            r = Cli.run("snapshot", "--config", config.toString(), "--date", DAY.toString());
            k.close();
            assertTrue(k.failures.isEmpty(), () -> "killer: " + k.failures);
            killed = k.killed.get();
        }
        assertEquals(1, killed, "the extraction's connection was killed once: " + r);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("big_table: attempt 1 of 3 failed"), r::toString);
        Map<String, RunRecord> runs = runs(config);
        assertTrue(runs.get("big_table").succeeded(), runs::toString);
        assertEquals(BIG, runs.get("big_table").rows(), "rows recorded after the retry");
        assertEquals(BIG, stored(config, "big_table"), "rows in the warehouse, not doubled");
        assertEquals(100, runs.get("small_a").rows());
        assertEquals(100, runs.get("small_b").rows());
        assertTrue(new RunsLog(spark, layout(config)).completeDates().contains(DAY));
    }

    @Test
    void aConnectionKilledOnEveryAttemptMarksTheTableFailedAndTheOthersSucceed() throws Exception {
        Path config = config(1);
        Cli.Result r;
        try (Killer k = new Killer(10, 100)) {
            r = Cli.run("snapshot", "--config", config.toString(), "--date", DAY.toString());
            k.close();
            assertTrue(k.failures.isEmpty(), () -> "killer: " + k.failures);
            assertEquals(2, k.killed.get(), "both attempts killed: " + r);
        }
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().contains("big_table: attempt 1 of 2 failed"), r::toString);
        assertTrue(r.out().contains("big_table  FAILED"), r::toString);
        Map<String, RunRecord> runs = runs(config);
        assertFalse(runs.get("big_table").succeeded(), runs::toString);
        assertTrue(runs.get("small_a").succeeded() && runs.get("small_b").succeeded(), runs::toString);
        assertEquals(100, runs.get("small_a").rows());
        assertFalse(new RunsLog(spark, layout(config)).completeDates().contains(DAY), "a date with a failed table is not complete");

        // the next run of the date, with nothing killed, completes it
        Cli.Result again = Cli.run("snapshot", "--config", config.toString(), "--date", DAY.toString(), "--only-failed");
        assertEquals(0, again.exit(), again::toString);
        assertEquals(BIG, runs(config).get("big_table").rows());
        assertTrue(new RunsLog(spark, layout(config)).completeDates().contains(DAY));
    }

    @Test
    void aSnapshotKilledWithSigkillLeavesNoCompleteDateAndTheNextRunCompletesItWithoutDoubling() throws Exception {
        Path config = config(0);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+Ignore") || a.startsWith("-D")).toList());
        command.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), "io.rowback.jobs.RowbackJob",
                "snapshot", "--config", config.toString(), "--date", DAY.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (out) {
                        out.append(line).append('\n');
                    }
                }
            } catch (java.io.IOException ignored) {
                // the process is gone
            }
        });
        reader.start();
        boolean seen = false;
        try (Connection admin = db.connect()) {
            long deadline = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < deadline && p.isAlive()) {
                if (!extracting(admin, "big_table").isEmpty()) {
                    seen = true;
                    break;
                }
                Thread.sleep(10);
            }
        }
        Thread.sleep(300);
        boolean aliveWhenKilled = p.isAlive();
        p.destroyForcibly(); // SIGKILL on Linux
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        reader.join(5_000);
        String printed;
        synchronized (out) {
            printed = out.toString();
        }
        assertTrue(seen && aliveWhenKilled, "killed while big_table was being read: " + printed);
        assertEquals(137, p.exitValue(), printed);
        assertFalse(printed.contains(DAY + ": 3 tables, "), "the run had not finished: " + printed);

        RunsLog log = new RunsLog(spark, layout(config));
        assertFalse(log.completeDates().contains(DAY), "no date is complete after the kill");

        Cli.Result again = Cli.run("snapshot", "--config", config.toString(), "--date", DAY.toString());
        assertEquals(0, again.exit(), again::toString);
        assertTrue(log.completeDates().contains(DAY), again::toString);
        Map<String, RunRecord> runs = runs(config);
        for (String t : List.of("big_table", "small_a", "small_b")) {
            long source = db.count(t);
            assertEquals(source, stored(config, t), t + " in the warehouse equals the source: nothing doubled");
            assertEquals(source, runs.get(t).rows(), t + " in runs");
        }
    }
}

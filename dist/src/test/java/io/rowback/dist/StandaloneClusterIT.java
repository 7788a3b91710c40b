package io.rowback.dist;

import io.rowback.jobs.testing.SourceRows;
import io.rowback.jobs.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The -all jar submitted in client mode to a standalone cluster (a master and two workers, JVMs of
 * their own, executors in processes of their own, the workers' machines in a time zone that is not
 * UTC), exactly as spark-submit would: snapshot, diff, reconcile and sql give what local mode gives
 * on the same database: the same Delta rows of both dates, the same diff, the same restore.sql and
 * undo.sql apart from their time stamp.
 */
abstract class StandaloneClusterIT {
    static final String DAY1 = "2026-03-01";
    static final String DAY2 = "2026-03-02";

    static StandaloneCluster cluster;

    @TempDir
    Path dir;

    abstract TestDatabase database();

    /** DATETIME's type here: MariaDB's DATETIME(6), PostgreSQL's timestamp. */
    abstract String timestampType();

    abstract String analyze();

    /** Whether one snapshot is one instant on a cluster: PostgreSQL's exported snapshot is; MariaDB's needs a local master. */
    abstract boolean oneInstantOnACluster();

    @BeforeAll
    static void startCluster(@TempDir Path base) throws Exception {
        cluster = StandaloneCluster.start(base, 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
            assertEquals(List.of(), cluster.running(), "every process the cluster started has stopped");
        }
    }

    private List<String> submit(String master, String... args) throws Exception {
        List<String> c = new ArrayList<>();
        c.add(Dist.java());
        c.addAll(Dist.javaOptions());
        c.add("-cp");
        c.add(Dist.userClasspath());
        c.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", master, "--deploy-mode", "client",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1"));
        if (master.startsWith("spark://")) {
            // one executor of one core on each worker, and no task before both have registered
            c.addAll(List.of("--conf", "spark.executor.memory=512m", "--conf", "spark.executor.cores=1", "--conf", "spark.cores.max=2",
                    "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0", "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=60s"));
        }
        c.addAll(List.of("--class", "io.rowback.jobs.RowbackJob", Dist.allJar().toString()));
        c.addAll(List.of(args));
        return c;
    }

    /** The same command in local mode and on the cluster, each with its own warehouse; both must succeed. */
    private Dist.Run[] both(Path localConfig, Path clusterConfig, String... args) throws Exception {
        Dist.Run local = run("local[2]", localConfig, args);
        Dist.Run onCluster = run(cluster.masterUrl(), clusterConfig, args);
        return new Dist.Run[]{local, onCluster};
    }

    private Dist.Run run(String master, Path config, String... args) throws Exception {
        List<String> a = new ArrayList<>();
        a.add(args[0]);
        a.add("--config");
        a.add(config.toString());
        a.addAll(List.of(args).subList(1, args.length));
        long t0 = System.nanoTime();
        Dist.Run r = Dist.run(submit(master, a.toArray(String[]::new)), Map.of(), dir, 600);
        System.out.printf("%s on %s: %.1f s%n", args[0], master, (System.nanoTime() - t0) / 1e9);
        assertEquals(0, r.exit(), () -> master + " " + a + "\n" + r + (master.startsWith("spark://") ? "\n" + cluster.logs() : ""));
        return r;
    }

    private Path config(TestDatabase db, String name) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, "warehouse: " + dir.resolve(name + "-warehouse") + "\nsources:\n  shop:\n" + db.sourceYaml()
                + "snapshot:\n  rowsPerPartition: 100\n");
        return file;
    }

    private static List<String> lines(String text) {
        return text.strip().lines().toList();
    }

    private static String withoutTimeStamp(String script) {
        return script.replaceFirst("; written \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\n", "; written TIME\n");
    }

    @Test
    void snapshotDiffReconcileAndSqlOnAStandaloneClusterGiveWhatLocalModeGives() throws Exception {
        try (TestDatabase db = database()) {
            SourceRows.partnersWithClients(db, 150);
            StringJoiner payments = new StringJoiner(", ");
            for (int i = 1; i <= 600; i++) {
                payments.add(String.format("(%d, %d, '2015-06-%02d %02d:%02d:%02d.%06d', %d.%02d, %s)", i, (i - 1) % 300 + 1, i % 28 + 1, i % 24,
                        i % 60, (i * 7) % 60, i * 1001 % 1_000_000, i, i % 100, i % 5 == 0 ? "NULL" : "'reçu n° " + i + " l''été'"));
            }
            db.execute("CREATE TABLE payment (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES client (id), paid_at "
                            + timestampType() + " NOT NULL, amount DECIMAL(12,2) NOT NULL, memo VARCHAR(60))",
                    "INSERT INTO payment VALUES " + payments, analyze());
            Path local = config(db, "local");
            Path onCluster = config(db, "cluster");

            Dist.Run[] first = both(local, onCluster, "snapshot", "--date", DAY1);
            String perTable = "WARNING snapshot of 'shop' is per table";
            assertTrue(!first[0].err().contains(perTable), first[0]::toString);
            assertEquals(!oneInstantOnACluster(), first[1].err().contains(perTable), first[1]::toString);

            // the incident: two partners deleted with their clients and the clients' payments; one payment changed
            db.execute("DELETE FROM payment WHERE client_id IN (SELECT id FROM client WHERE partner_id IN (3, 4))",
                    "DELETE FROM client WHERE partner_id IN (3, 4)", "DELETE FROM partner WHERE id IN (3, 4)",
                    "UPDATE payment SET amount = amount + 1, memo = 'corrigé' WHERE id = 42");
            Dist.Run[] second = both(local, onCluster, "snapshot", "--date", DAY2);
            for (Dist.Run r : second) {
                assertTrue(r.out().contains("vanished since " + DAY1 + ": client 4, partner 2, payment 8"), r::toString);
            }

            Dist.Run[] diff = both(local, onCluster, "diff", "--from", DAY1, "--to", DAY2, "--table", "payment", "--show", "20");
            assertTrue(diff[0].out().contains("corrigé"), diff[0]::toString);
            assertEquals(lines(diff[0].out()), lines(diff[1].out()));

            Path localOut = dir.resolve("local-restore");
            Path clusterOut = dir.resolve("cluster-restore");
            Dist.Run localReconcile = run("local[2]", local, "reconcile", "--from", DAY1, "--to", DAY2, "--root", "partner", "--out", localOut.toString());
            run(cluster.masterUrl(), onCluster, "reconcile", "--from", DAY1, "--to", DAY2, "--root", "partner", "--out", clusterOut.toString());
            String restore = Files.readString(localOut.resolve("restore.sql"));
            assertTrue(restore.contains("reçu n° 6 l''été") || restore.contains("reçu n° 6 l\\'été"), localReconcile::toString);
            for (String script : List.of("restore.sql", "undo.sql")) {
                assertEquals(withoutTimeStamp(Files.readString(localOut.resolve(script))), withoutTimeStamp(Files.readString(clusterOut.resolve(script))), script);
            }

            // every Delta row of both dates, each table in full, as JSON (time stamps in the session's UTC)
            String json = "to_json(struct(*), map('timestampFormat', 'yyyy-MM-dd HH:mm:ss.SSSSSS', 'timestampNTZFormat', 'yyyy-MM-dd HH:mm:ss.SSSSSS'))";
            String everyRow = "SELECT t, r FROM (SELECT 'partner' AS t, " + json + " AS r FROM partner UNION ALL SELECT 'client', " + json
                    + " FROM client UNION ALL SELECT 'payment', " + json + " FROM payment) ORDER BY t, r";
            Dist.Run[] rows = both(local, onCluster, "sql", "--format", "csv", everyRow);
            List<String> localRows = lines(rows[0].out());
            assertEquals(1 + 2 * (150 + 300 + 600) - (2 + 4 + 8), localRows.size(), "header and the rows of both dates");
            assertTrue(rows[0].out().contains("2015-06-02 01:01:07.001001"), "payment 1's time as the database holds it");
            assertEquals(localRows, lines(rows[1].out()));
        }

        // the cluster's tasks ran in executors: processes of their own, one on each worker, in UTC although their machine is not
        List<StandaloneCluster.ExecutorLog> executors = cluster.executorLogs();
        for (int worker = 1; worker <= 2; worker++) {
            int w = worker;
            assertTrue(executors.stream().anyMatch(e -> e.worker() == w && e.stderr().contains("Running task")),
                    () -> "worker " + w + "'s executors ran no task: " + executors);
        }
        for (StandaloneCluster.ExecutorLog e : executors) {
            String command = e.stderr().lines().filter(l -> l.startsWith("Spark Executor Command:")).findFirst().orElse("");
            assertTrue(command.contains("-Duser.timezone=UTC"), () -> "an executor's JVM in UTC: " + command);
        }
        List<Long> pids = executors.stream().map(StandaloneCluster.ExecutorLog::pid).distinct().toList();
        assertEquals(executors.size(), pids.size(), "one process per executor: " + pids);
        assertTrue(executors.size() >= 2 * 5, "an executor on each worker for each of the five commands: " + executors.size());
        for (long pid : pids) {
            assertNotEquals(-1L, pid);
            assertNotEquals(ProcessHandle.current().pid(), pid);
        }
    }
}

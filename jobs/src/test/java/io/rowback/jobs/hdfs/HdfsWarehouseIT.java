package io.rowback.jobs.hdfs;

import io.rowback.jobs.testing.SourceRows;
import io.rowback.jobs.testing.Cli;
import io.rowback.jobs.testing.SparkExtension;
import io.rowback.jobs.testing.TestDatabase;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The warehouse on HDFS (issue 10): a MiniDFSCluster in this JVM (the shaded hadoop-client-minicluster
 * at the Hadoop version Spark brings), the warehouse at hdfs://127.0.0.1:PORT/rowback, and snapshot,
 * sql, reconcile, apply and prune through the command line as on a local disk. Nothing of the
 * warehouse may land on the local disk; reconcile's --out is a local folder and says so when given a URI.
 */
abstract class HdfsWarehouseIT {
    static final LocalDate DAY1 = LocalDate.of(2026, 4, 1);
    static final LocalDate DAY2 = LocalDate.of(2026, 4, 2);
    static final LocalDate DAY3 = LocalDate.of(2026, 4, 3);

    static MiniDFSCluster cluster;
    static String warehouse;
    static DistributedFileSystem dfs;

    @TempDir
    Path dir;
    TestDatabase db;
    final SparkSession spark = SparkExtension.spark();

    abstract TestDatabase database();

    @BeforeAll
    static void startHdfs(@TempDir Path base) throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("dfs").toString());
        conf.set("dfs.replication", "1");
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        dfs = cluster.getFileSystem();
        warehouse = "hdfs://127.0.0.1:" + cluster.getNameNodePort() + "/rowback";
    }

    @AfterAll
    static void stopHdfs() throws IOException {
        if (cluster != null) {
            // the client Spark cached for this cluster's URI goes with it
            FileSystem.get(URI.create(warehouse), SparkExtension.spark().sparkContext().hadoopConfiguration()).close();
            cluster.shutdown(true);
        }
    }

    @BeforeEach
    void createDatabase() throws Exception {
        db = database();
        SourceRows.partnersWithClients(db, 10);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        db.close();
    }

    /** A source named after this test's database, so that the test classes share the cluster without sharing a folder. */
    Path config() throws IOException {
        Path file = dir.resolve("rowback.yaml");
        Files.writeString(file, "warehouse: " + warehouse + "\nsources:\n  " + db.name() + ":\n" + db.sourceYaml()
                + "snapshot:\n  parallelTables: 2\n");
        return file;
    }

    String sourcePath() {
        return "/rowback/" + db.name();
    }

    Cli.Result snapshot(Path config, LocalDate date) {
        return Cli.run("snapshot", "--config", config.toString(), "--date", date.toString());
    }

    Cli.Result sql(Path config, String query) {
        return Cli.run("sql", "--config", config.toString(), "--format", "csv", query);
    }

    /** Every file under the folder of HDFS, as paths relative to it. */
    List<String> hdfsFiles(String folder) throws IOException {
        List<String> out = new ArrayList<>();
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(folder);
        if (!dfs.exists(root)) {
            return out;
        }
        String prefix = dfs.makeQualified(root).toUri().getPath() + "/";
        RemoteIterator<LocatedFileStatus> it = dfs.listFiles(root, true);
        while (it.hasNext()) {
            out.add(it.next().getPath().toUri().getPath().substring(prefix.length()));
        }
        return out;
    }

    /** Whatever a warehouse path taken for a local one would have made: a folder "hdfs:" here or in the working folder. */
    void assertNothingLocal() throws IOException {
        for (Path where : List.of(dir, Path.of("").toAbsolutePath())) {
            assertFalse(Files.exists(where.resolve("hdfs:")), "a local folder 'hdfs:' in " + where);
            try (Stream<Path> s = Files.list(where)) {
                List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("hdfs") || n.equals("rowback")).toList();
                assertEquals(List.of(), names, "warehouse folders on the local disk in " + where);
            }
        }
    }

    @Test
    void snapshotSqlReconcileApplyAndPruneWithTheWarehouseOnHdfs() throws Exception {
        Path config = config();
        Cli.Result first = snapshot(config, DAY1);
        assertEquals(0, first.exit(), first::toString);
        assertTrue(first.out().contains("into " + warehouse + "/" + db.name()), first::toString);

        List<String> files = hdfsFiles(sourcePath());
        for (String expected : List.of("partner/_delta_log/00000000000000000000.json", "client/_delta_log/00000000000000000000.json",
                "_rowback/catalog/_delta_log/00000000000000000000.json", "_rowback/runs/_delta_log/00000000000000000000.json")) {
            assertTrue(files.contains(expected), expected + " in HDFS: " + files);
        }
        assertTrue(files.stream().anyMatch(f -> f.startsWith("partner/snapshot_date=" + DAY1 + "/") && f.endsWith(".parquet")), files::toString);
        assertEquals(List.of(), files.stream().filter(f -> f.contains(".probe-")).toList(), "the write probe is removed");
        assertNothingLocal();

        // the incident: partners 3 and 4 deleted with their clients
        db.execute("DELETE FROM client WHERE partner_id IN (3, 4)", "DELETE FROM partner WHERE id IN (3, 4)");
        Cli.Result second = snapshot(config, DAY2);
        assertEquals(0, second.exit(), second::toString);
        assertTrue(second.out().contains("vanished since " + DAY1 + ": client 4, partner 2"), second::toString);

        Cli.Result counts = sql(config, "SELECT snapshot_date, count(*) AS n FROM client GROUP BY snapshot_date ORDER BY 1");
        assertEquals(0, counts.exit(), counts::toString);
        assertEquals(String.join("\n", "snapshot_date,n", DAY1 + ",20", DAY2 + ",16"), counts.out().strip());
        Cli.Result gone = sql(config, "SELECT p.id, p.name FROM partner p WHERE p.snapshot_date = DATE'" + DAY1 + "'"
                + " AND p.id NOT IN (SELECT id FROM partner WHERE snapshot_date = DATE'" + DAY2 + "') ORDER BY 1");
        assertEquals(0, gone.exit(), gone::toString);
        assertEquals(String.join("\n", "id,name", "3,partner 3", "4,partner 4"), gone.out().strip());

        // the scripts and the report are local files (apply and a person read them there), not beside the tables
        Cli.Result refused = Cli.run("reconcile", "--config", config.toString(), "--from", DAY1.toString(), "--to", DAY2.toString(),
                "--root", "partner", "--out", warehouse + "/restore");
        Cli.assertRefused(refused, "--out " + warehouse + "/restore", "local folder");
        assertFalse(dfs.exists(new org.apache.hadoop.fs.Path("/rowback/restore")));
        assertNothingLocal();

        Path out = dir.resolve("restore");
        Cli.Result reconcile = Cli.run("reconcile", "--config", config.toString(), "--from", DAY1.toString(), "--to", DAY2.toString(),
                "--root", "partner", "--out", out.toString());
        assertEquals(0, reconcile.exit(), reconcile::toString);
        for (String name : List.of("restore.sql", "undo.sql", "report.json", "report.md")) {
            assertTrue(Files.isRegularFile(out.resolve(name)), name + " in " + out);
        }
        assertEquals(List.of(), hdfsFiles(sourcePath()).stream().filter(f -> f.startsWith("restore") || f.contains("report")).toList(),
                "no report beside the tables");
        Cli.Result apply = Cli.run("apply", "--config", config.toString(), "--script", out.resolve("restore.sql").toString(), "--commit");
        assertEquals(0, apply.exit(), apply::toString);
        assertEquals(10, db.count("partner"));
        assertEquals(20, db.count("client"));

        // a third date, then prune keeps the two newest: the first date's files leave HDFS, the history still reads
        assertEquals(0, snapshot(config, DAY3).exit());
        assertTrue(hdfsFiles(sourcePath()).stream().anyMatch(f -> f.startsWith("client/snapshot_date=" + DAY1 + "/")));
        Cli.Result prune = Cli.run("prune", "--config", config.toString(), "--keep-daily", "2");
        assertEquals(0, prune.exit(), prune::toString);
        assertTrue(prune.out().contains("remove 1 dates: " + DAY1), prune::toString);
        assertTrue(prune.out().matches("(?s).*removed 1 dates from 4 tables; [1-9][0-9,]* bytes of data files freed.*"), prune::toString);
        List<String> after = hdfsFiles(sourcePath());
        assertEquals(List.of(), after.stream().filter(f -> f.contains("snapshot_date=" + DAY1 + "/") && f.endsWith(".parquet")).toList(),
                "the first date's data files are gone from HDFS");
        assertTrue(after.stream().anyMatch(f -> f.startsWith("client/snapshot_date=" + DAY3 + "/") && f.endsWith(".parquet")), after::toString);
        Cli.Result left = sql(config, "SELECT snapshot_date, count(*) AS n FROM client GROUP BY snapshot_date ORDER BY 1");
        assertEquals(0, left.exit(), left::toString);
        assertEquals(String.join("\n", "snapshot_date,n", DAY2 + ",16", DAY3 + ",20"), left.out().strip());
        Cli.Result dates = sql(config, "SELECT snapshot_date FROM rowback_runs GROUP BY snapshot_date ORDER BY 1");
        assertEquals(0, dates.exit(), dates::toString);
        assertEquals(String.join("\n", "snapshot_date", DAY2.toString(), DAY3.toString()), dates.out().strip());
        assertNothingLocal();
    }

    /** A warehouse whose folder cannot be written (a file is in its place): the clear refusal, not a stack trace. */
    @Test
    void aWarehouseThatCannotBeWrittenIsRefusedWithItsPath() throws Exception {
        Path config = config();
        dfs.mkdirs(new org.apache.hadoop.fs.Path("/rowback"));
        try (var o = dfs.create(new org.apache.hadoop.fs.Path(sourcePath()))) {
            o.write("not a folder".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Cli.Result r = snapshot(config, DAY1);
        Cli.assertRefused(r, "the warehouse " + warehouse + "/" + db.name() + " is not writable");
        FileStatus s = dfs.getFileStatus(new org.apache.hadoop.fs.Path(sourcePath()));
        assertTrue(s.isFile(), "the file in its place is left alone");
        assertNothingLocal();
    }
}

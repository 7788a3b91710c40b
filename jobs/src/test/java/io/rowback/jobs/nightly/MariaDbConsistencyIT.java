package io.rowback.jobs.nightly;

import io.rowback.jobs.testing.Cli;
import io.rowback.jobs.testing.PrivateMariaDb;
import io.rowback.jobs.testing.TestDatabase;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MariaDbConsistencyIT extends ConsistencyIT {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }

    @Override
    void analyze() throws SQLException {
        db.execute("ANALYZE TABLE parent, child, filler");
    }

    @Override
    String positionPattern() {
        return null; // the test server runs without a binlog (log_bin OFF): there is no position to record
    }

    @Override
    void checkLockFree(Cli.Result r, LocalDate date) {
        try {
            assertEquals("0", db.single("SELECT @@log_bin"), "this check is about a server without a binlog");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("instant: per-table"), r::toString);
        List<String> warnings = r.err().lines().filter(l -> l.startsWith("WARNING snapshot of 'src' is per table")).toList();
        assertEquals(1, warnings.size(), r::toString);
        assertTrue(warnings.get(0).contains("the server has none (log_bin is OFF)"), r::toString);
        for (String meta : List.of("runs", "catalog")) {
            List<Row> rec = recorded(meta, date);
            assertEquals(1, rec.size(), meta + ": " + rec);
            assertEquals("per-table", rec.get(0).getString(0), meta);
            assertNull(rec.get(0).get(1), meta);
        }
    }

    /**
     * auto, for a user without RELOAD: BACKUP STAGE is refused, auto goes on lock-free, and on this
     * server without a binlog the snapshot is per table, said in one line naming both reasons.
     */
    @Test
    void autoWithoutTheLockGoesLockFreeAndSaysPlainlyItIsPerTable() throws Exception {
        String user = "rb_" + db.name().substring(db.name().length() - 10);
        db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY ''", "GRANT SELECT, SHOW VIEW ON " + db.name() + ".* TO '" + user + "'@'%'");
        try {
            java.nio.file.Path config = dir.resolve("noreload.yaml");
            java.nio.file.Files.writeString(config, "warehouse: " + dir.resolve("warehouse") + "\nsources:\n  src:\n    url: \"" + db.url()
                    + "\"\n    user: " + user + "\n    password: \"\"\nsnapshot:\n  rowsPerPartition: 5000\n  consistency: auto\n");
            LocalDate date = LocalDate.of(2026, 6, 2);
            Cli.Result r = Cli.run("snapshot", "--config", config.toString(), "--date", date.toString());
            assertEquals(0, r.exit(), r::toString);
            assertTrue(r.out().contains("instant: per-table"), r::toString);
            List<String> warnings = r.err().lines().filter(l -> l.startsWith("WARNING snapshot of 'src' is per table")).toList();
            assertEquals(1, warnings.size(), r::toString);
            assertTrue(warnings.get(0).contains("the lock was refused (") && warnings.get(0).contains("RELOAD"), r::toString);
            assertTrue(warnings.get(0).contains("the server has none (log_bin is OFF)"), r::toString);
            assertEquals("per-table", recorded("runs", date).get(0).getString(0));
            assertEquals(PARENTS, table("parent", date).count());
        } finally {
            db.execute("DROP USER '" + user + "'@'%'");
        }
    }

    /**
     * Lock-free on a server with a binlog (one of the test's own), while a writer keeps committing
     * parents with children and deleting them: a date reached as one instant (every connection at
     * the same binlog position) holds no orphan and records the position; a date that did not get one
     * says so after its attempts and is recorded per table. With a pause between the writer's
     * transactions, at least one of the dates gets one instant.
     */
    @Test
    void lockFreeOnAServerWithABinlogReadsOneInstantOrSaysItIsPerTable() throws Exception {
        TestDatabase main = db;
        try (PrivateMariaDb server = PrivateMariaDb.startWithBinlog()) {
            db = TestDatabase.mariadb(server.port());
            try {
                assertEquals("1", db.single("SELECT @@log_bin"));
                fill();
                int consistent = 0;
                for (int day = 1; day <= 3; day++) {
                    LocalDate date = LocalDate.of(2026, 7, day);
                    Cli.Result r;
                    long during;
                    try (Writer w = new Writer(15).start()) {
                        Thread.sleep(300);
                        long before = w.transactions.get();
                        r = Cli.run("snapshot", "--config", config("lock-free").toString(), "--date", date.toString());
                        during = w.transactions.get() - before;
                        w.close();
                        assertNull(w.failure.get(), () -> "writer: " + w.failure.get());
                    }
                    assertEquals(0, r.exit(), r::toString);
                    assertTrue(during > 10, "the writer changed the source while the snapshot ran (" + during + " transactions)");
                    List<Row> runs = recorded("runs", date);
                    assertEquals(1, runs.size(), runs::toString);
                    assertEquals(runs, recorded("catalog", date));
                    if (r.out().contains("instant: consistent at ")) {
                        consistent++;
                        assertTrue(r.out().contains("(lock-free: every connection's snapshot at that binlog position)"), r::toString);
                        assertEquals("consistent", runs.get(0).getString(0));
                        assertTrue(runs.get(0).getString(1).matches("binlog\\.[0-9]+:[0-9]+"), runs::toString);
                        assertEquals(0, orphans(date), "children without their parent on " + date + ": " + r);
                    } else {
                        assertTrue(r.out().contains("instant: per-table"), r::toString);
                        assertTrue(r.out().contains("attempt " + 10 + " of 10"), r::toString);
                        assertTrue(r.err().contains("never saw one binlog position"), r::toString);
                        assertEquals("per-table", runs.get(0).getString(0));
                        assertNull(runs.get(0).get(1));
                    }
                }
                assertTrue(consistent > 0, "no date of three reached one lock-free instant with a writer pausing 15 ms");
            } finally {
                db.close();
            }
        } finally {
            db = main;
        }
    }
}

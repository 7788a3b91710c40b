package io.rowback.jobs.nightly;

import io.rowback.jobs.testing.Cli;
import io.rowback.jobs.testing.Configs;
import io.rowback.jobs.testing.SparkExtension;
import io.rowback.jobs.testing.TestDatabase;
import io.rowback.store.WarehouseLayout;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, one consistent instant: a writer inserts parents with their children and deletes both,
 * each in one transaction, while a snapshot of several tables runs. Read consistently, no child is
 * without its parent; read per table, the same load does produce orphans (so the test can fail).
 */
abstract class ConsistencyIT {
    static final int PARENTS = 3000;
    static final int CHILDREN = 10;

    @TempDir
    Path dir;
    TestDatabase db;
    final SparkSession spark = SparkExtension.spark();
    /** The writer's next parent and oldest parent, carried from one writer to the next. */
    long next = PARENTS + 1;
    long oldest = 1;

    abstract TestDatabase database();

    /** Fresh table statistics, so that the plan splits the large tables into key ranges. */
    abstract void analyze() throws SQLException;

    /** A pattern the recorded position of a consistent instant matches; null when there is none to record. */
    abstract String positionPattern();

    @BeforeEach
    void createDatabase() throws Exception {
        db = database();
        fill();
    }

    /** The tables parent, child and filler in {@code db}, filled and analyzed. */
    void fill() throws Exception {
        db.execute("CREATE TABLE parent (id BIGINT PRIMARY KEY, note VARCHAR(40) NOT NULL)",
                "CREATE TABLE child (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL REFERENCES parent (id), note VARCHAR(40) NOT NULL)",
                "CREATE TABLE filler (id BIGINT PRIMARY KEY, payload VARCHAR(100) NOT NULL)");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (int p = 1; p <= PARENTS; p++) {
                s.addBatch("INSERT INTO parent VALUES (" + p + ", 'parent " + p + "')");
                StringBuilder kids = new StringBuilder("INSERT INTO child VALUES ");
                for (int k = 0; k < CHILDREN; k++) {
                    long id = (long) p * CHILDREN + k;
                    kids.append(k == 0 ? "" : ", ").append("(").append(id).append(", ").append(p).append(", 'child ").append(id).append("')");
                }
                s.addBatch(kids.toString());
                s.addBatch("INSERT INTO filler VALUES (" + p * 10L + ", 'filler row with some text in it to read " + p + "'), (" + (p * 10L + 1) + ", 'more')");
                if (p % 500 == 0) {
                    s.executeBatch();
                }
            }
            s.executeBatch();
            c.commit();
        }
        analyze();
    }

    @AfterEach
    void dropDatabase() throws Exception {
        db.close();
    }

    /**
     * What snapshot.consistency lock-free does on this database (MariaDB: without a binlog, a snapshot
     * said and recorded plainly to be per table; PostgreSQL: a configuration error, nothing written).
     */
    abstract void checkLockFree(Cli.Result r, LocalDate date);

    /** Inserts a parent with its children and deletes the oldest with its children, one transaction each, until stopped. */
    final class Writer implements AutoCloseable {
        /** Milliseconds between two transactions. */
        final long pause;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong transactions = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread thread = new Thread(this::loop, "consistency-writer");

        Writer() {
            this(0);
        }

        Writer(long pause) {
            this.pause = pause;
        }

        Writer start() {
            thread.start();
            return this;
        }

        private void loop() {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                while (!stop.get()) {
                    s.executeUpdate("INSERT INTO parent VALUES (" + next + ", 'new " + next + "')");
                    StringBuilder kids = new StringBuilder("INSERT INTO child VALUES ");
                    for (int k = 0; k < CHILDREN; k++) {
                        long id = next * CHILDREN + k;
                        kids.append(k == 0 ? "" : ", ").append("(").append(id).append(", ").append(next).append(", 'new')");
                    }
                    s.executeUpdate(kids.toString());
                    c.commit();
                    next++;
                    Thread.sleep(pause);
                    s.executeUpdate("DELETE FROM child WHERE parent_id = " + oldest);
                    s.executeUpdate("DELETE FROM parent WHERE id = " + oldest);
                    c.commit();
                    oldest++;
                    transactions.addAndGet(2);
                    Thread.sleep(pause);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(30_000);
        }
    }

    Path config(String consistency) throws Exception {
        return Configs.write(dir, db, null, "  rowsPerPartition: 5000\n  consistency: " + consistency + "\n");
    }

    WarehouseLayout layout() {
        return new WarehouseLayout(dir.resolve("warehouse").toString(), "src");
    }

    Dataset<Row> table(String name, LocalDate date) {
        return spark.read().format("delta").load(layout().tablePath(name)).where(col(WarehouseLayout.DATE_COLUMN).equalTo(lit(date)));
    }

    /** Children of the date whose parent the date does not hold. */
    long orphans(LocalDate date) {
        Dataset<Row> parents = table("parent", date).select(col("id").as("pid"));
        return table("child", date).join(parents, col("parent_id").equalTo(col("pid")), "left_anti").count();
    }

    List<Row> recorded(String meta, LocalDate date) {
        return spark.read().format("delta").load(meta.equals("runs") ? layout().runsPath() : layout().catalogPath())
                .where(col(WarehouseLayout.DATE_COLUMN).equalTo(lit(date))).select("consistency", "snapshot_position").distinct().collectAsList();
    }

    @Test
    void aConsistentSnapshotHoldsNoChildWithoutItsParentWhileAWriterKeepsChanging() throws Exception {
        Path config = config("consistent");
        for (int day = 1; day <= 2; day++) {
            LocalDate date = LocalDate.of(2026, 4, day);
            long before;
            long during;
            Cli.Result r;
            try (Writer w = new Writer().start()) {
                Thread.sleep(300);
                before = w.transactions.get();
                r = Cli.run("snapshot", "--config", config.toString(), "--date", date.toString());
                during = w.transactions.get() - before;
                w.close();
                assertNull(w.failure.get(), () -> "writer: " + w.failure.get());
            }
            assertEquals(0, r.exit(), r::toString);
            assertTrue(r.out().contains("instant: consistent"), r::toString);
            assertTrue(during > 20, "the writer changed the source while the snapshot ran (" + during + " transactions)");
            assertEquals(0, orphans(date), "children without their parent on " + date + ": " + r);
            assertTrue(table("child", date).count() >= (PARENTS - 1) * CHILDREN, "rows read");
            for (String meta : List.of("runs", "catalog")) {
                List<Row> rec = recorded(meta, date);
                assertEquals(1, rec.size(), meta + ": " + rec);
                assertEquals("consistent", rec.get(0).getString(0), meta);
                if (positionPattern() == null) {
                    assertNull(rec.get(0).get(1), meta);
                } else {
                    assertTrue(rec.get(0).getString(1).matches(positionPattern()), meta + ": " + rec);
                }
            }
        }
    }

    @Test
    void readPerTableTheSameLoadLeavesOrphansSoTheTestCanFail() throws Exception {
        Path config = config("per-table");
        long orphans = 0;
        int runs = 0;
        try (Writer w = new Writer().start()) {
            Thread.sleep(300);
            while (orphans == 0 && runs < 6) {
                runs++;
                LocalDate date = LocalDate.of(2026, 5, runs);
                Cli.Result r = Cli.run("snapshot", "--config", config.toString(), "--date", date.toString());
                assertEquals(0, r.exit(), r::toString);
                assertTrue(r.out().contains("instant: per-table"), r::toString);
                assertEquals("per-table", recorded("runs", date).get(0).getString(0));
                orphans = orphans(date);
            }
            w.close();
            assertNull(w.failure.get(), () -> "writer: " + w.failure.get());
        }
        assertTrue(orphans > 0, "per table, " + runs + " snapshots under the same writer held no orphan: the consistent test would prove nothing");
    }

    @Test
    void lockFreeSaysPlainlyWhatItReached() throws Exception {
        LocalDate date = LocalDate.of(2026, 6, 1);
        Cli.Result r = Cli.run("snapshot", "--config", config("lock-free").toString(), "--date", date.toString());
        checkLockFree(r, date);
    }
}

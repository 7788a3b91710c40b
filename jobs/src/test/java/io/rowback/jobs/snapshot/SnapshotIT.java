package io.rowback.jobs.snapshot;

import io.rowback.catalog.Catalog;
import io.rowback.catalog.Table;
import io.rowback.config.ConfigLoader;
import io.rowback.config.RowbackConfig;
import io.rowback.dialect.Dialects;
import io.rowback.jobs.cli.Console;
import io.rowback.jobs.testing.Cli;
import io.rowback.jobs.testing.Configs;
import io.rowback.jobs.testing.Frames;
import io.rowback.jobs.testing.SourceRows;
import io.rowback.jobs.testing.SparkExtension;
import io.rowback.jobs.testing.TestDatabase;
import io.rowback.source.SourceDatabase;
import io.rowback.store.RunRecord;
import io.rowback.store.RunsLog;
import io.rowback.store.WarehouseLayout;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The snapshot job against a real database: written once, run on MariaDB and on PostgreSQL by the
 * subclasses. Every value of every table must arrive in Delta as the database's own driver reads it.
 */
abstract class SnapshotIT {
    static final LocalDate DAY1 = LocalDate.of(2026, 1, 1);
    static final LocalDate DAY2 = LocalDate.of(2026, 1, 2);

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

    Path config(String extra) throws Exception {
        return Configs.write(dir, db, extra);
    }

    RowbackConfig load(Path config) {
        return new ConfigLoader().load(config);
    }

    SourceDatabase source(RowbackConfig cfg) {
        return new SourceDatabase(cfg.source("src"), Dialects.forSource(cfg.source("src")));
    }

    WarehouseLayout layout(RowbackConfig cfg) {
        return new WarehouseLayout(cfg.warehouse(), "src");
    }

    Dataset<Row> snapshotOf(RowbackConfig cfg, String table, LocalDate date) {
        return spark.read().format("delta").load(layout(cfg).tablePath(table))
                .where(col(WarehouseLayout.DATE_COLUMN).equalTo(lit(date))).drop(WarehouseLayout.DATE_COLUMN);
    }

    void assertSnapshotEqualsSource(RowbackConfig cfg, LocalDate date) throws Exception {
        SourceDatabase source = source(cfg);
        Catalog catalog = source.readCatalog();
        for (Table t : catalog.tables()) {
            Frames.assertSameRows(t.name(), SourceRows.read(spark, source, t), snapshotOf(cfg, t.name(), date));
        }
    }

    @Test
    void sakilaArrivesWhole() throws Exception {
        db.loadSakila();
        Path config = config("    naturalKeys:\n      customer: [email]\n");
        Cli.Result r = Cli.run("snapshot", "--config", config.toString(), "--date", DAY1.toString());
        assertEquals(0, r.exit(), r::toString);
        RowbackConfig cfg = load(config);
        assertSnapshotEqualsSource(cfg, DAY1);

        Map<String, RunRecord> runs = new RunsLog(spark, layout(cfg)).read(DAY1);
        Catalog catalog = source(cfg).readCatalog();
        assertEquals(catalog.names(), List.copyOf(runs.keySet()), "one run record per table");
        for (Table t : catalog.tables()) {
            RunRecord run = runs.get(t.name());
            assertTrue(run.succeeded(), t.name());
            assertEquals(db.count(t.name()) - excludedRows(t.name()), run.rows(), t.name() + " rows in runs");
        }
        assertEquals(catalog.size(), r.out().lines().filter(l -> l.matches("\\[\\s*\\d+/" + catalog.size() + "] .* rows .* s")).count(),
                "a progress line per table: " + r.out());
        assertTrue(r.out().contains(catalog.size() + " tables"), "summary: " + r.out());
        assertSakilaCatalog(cfg);
    }

    /** Rows a plain COUNT(*) sees that are not the table's own (PostgreSQL inheritance children). */
    long excludedRows(String table) throws Exception {
        return 0;
    }

    /** The catalog keeps keys in column order, and views are not tables. */
    void assertSakilaCatalog(RowbackConfig cfg) {
        Catalog stored = new io.rowback.store.CatalogStore(spark, layout(cfg)).read(DAY1);
        assertFalse(stored.table("actor_info").isPresent(), "a view is not a table");
        Table filmActor = stored.table("film_actor").orElseThrow();
        assertEquals(List.of("actor_id", "film_id"), filmActor.primaryKey().columns());
        Table rental = stored.table("rental").orElseThrow();
        assertTrue(rental.uniqueKeys().stream().anyMatch(k -> k.columns().equals(List.of("rental_date", "inventory_id", "customer_id"))),
                "rental's three-column unique key in order: " + rental.uniqueKeys());
        Table store = stored.table("store").orElseThrow();
        assertTrue(store.foreignKeys().stream().anyMatch(f -> f.refTable().equals("staff")), "store -> staff (the cycle)");
        Table staff = stored.table("staff").orElseThrow();
        assertTrue(staff.foreignKeys().stream().anyMatch(f -> f.refTable().equals("store")), "staff -> store (the cycle)");
    }

    @Test
    void awkwardValuesSurviveExactly() throws Exception {
        db.runResource("/ddl/" + db.kind() + "/awkward.sql");
        Path config = config(null);
        Cli.Result r = Cli.run("snapshot", "--config", config.toString(), "--date", DAY1.toString());
        assertEquals(0, r.exit(), r::toString);
        assertSnapshotEqualsSource(load(config), DAY1);
    }

    /**
     * A table larger than rowsPerPartition is read in key ranges, one file each, with statistics of its
     * key (a lookup by key skips the other files); a small table is one file per date, without statistics.
     */
    @Test
    void aLargeTableIsReadInKeyRangesWithStatisticsOfItsKey() throws Exception {
        db.loadSakila();
        db.execute(db.kind().equals("postgresql") ? "ANALYZE rental" : "ANALYZE TABLE rental");
        Path config = Configs.write(dir, db, null, "  rowsPerPartition: 3000\n");
        Cli.Result r = Cli.run("snapshot", "--config", config.toString(), "--date", DAY1.toString());
        assertEquals(0, r.exit(), r::toString);
        RowbackConfig cfg = load(config);
        Frames.assertSameRows("rental", SourceRows.read(spark, source(cfg), source(cfg).readCatalog().table("rental").orElseThrow()),
                snapshotOf(cfg, "rental", DAY1));

        List<Row> rentalFiles = addedFiles(cfg, "rental");
        assertTrue(rentalFiles.size() >= 3, "rental (16,044 rows) read in key ranges: " + rentalFiles);
        for (Row f : rentalFiles) {
            String stats = f.getString(1);
            assertTrue(stats != null && stats.contains("\"minValues\":{\"rental_id\":"), "statistics of the key: " + stats);
            assertFalse(stats.contains("customer_id"), "statistics of the key only: " + stats);
        }
        List<Row> languageFiles = addedFiles(cfg, "language");
        assertEquals(1, languageFiles.size(), "a small table is one file: " + languageFiles);
        assertEquals(null, languageFiles.get(0).get(1), "no statistics for a small table");
    }

    /** (path, stats) of every file the table's Delta log added. */
    List<Row> addedFiles(RowbackConfig cfg, String table) {
        return spark.read().json(layout(cfg).tablePath(table) + "/_delta_log/*.json")
                .where(col("add").isNotNull())
                .select(col("add.path"), get_json_object(to_json(col("add")), "$.stats")).collectAsList();
    }

    @Test
    void rerunOfADateReplacesIt() throws Exception {
        db.runResource("/ddl/" + db.kind() + "/awkward.sql");
        Path config = config(null);
        assertEquals(0, Cli.run("snapshot", "--config", config.toString(), "--date", DAY1.toString()).exit());
        db.execute("DELETE FROM awkward WHERE id = 1");
        Cli.Result again = Cli.run("snapshot", "--config", config.toString(), "--date", DAY1.toString());
        assertEquals(0, again.exit(), again::toString);
        RowbackConfig cfg = load(config);
        assertSnapshotEqualsSource(cfg, DAY1);
        assertEquals(db.count("awkward"), snapshotOf(cfg, "awkward", DAY1).count(), "replaced, not doubled");
        assertEquals(source(cfg).readCatalog().size(), new RunsLog(spark, layout(cfg)).read(DAY1).size(), "one run record per table");
    }

    @Test
    void aColumnAddedBetweenTwoDatesLeavesBothReadable() throws Exception {
        db.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name VARCHAR(20))", "INSERT INTO item VALUES (1, 'one'), (2, 'two')");
        Path config = config(null);
        assertEquals(0, Cli.run("snapshot", "--config", config.toString(), "--date", DAY1.toString()).exit());
        db.execute("ALTER TABLE item ADD COLUMN colour VARCHAR(10)", "UPDATE item SET colour = 'red' WHERE id = 2",
                "INSERT INTO item VALUES (3, 'three', 'blue')");
        assertEquals(0, Cli.run("snapshot", "--config", config.toString(), "--date", DAY2.toString()).exit());
        Cli.Result q = Cli.run("sql", "--config", config.toString(), "--format", "csv",
                "SELECT snapshot_date, id, name, colour FROM item ORDER BY snapshot_date, id");
        assertEquals(0, q.exit(), q::toString);
        assertEquals(String.join("\n", "snapshot_date,id,name,colour", "2026-01-01,1,one,", "2026-01-01,2,two,",
                "2026-01-02,1,one,", "2026-01-02,2,two,red", "2026-01-02,3,three,blue"), q.out().strip());
    }

    @Test
    void aTableDroppedWhileTheSnapshotRunsFailsAloneAndIsRecorded() throws Exception {
        db.execute("CREATE TABLE keep_me (id INTEGER PRIMARY KEY)", "INSERT INTO keep_me VALUES (1), (2)",
                "CREATE TABLE drop_me (id INTEGER PRIMARY KEY)", "INSERT INTO drop_me VALUES (1)");
        RowbackConfig cfg = load(config(null));
        SourceDatabase source = source(cfg);
        Catalog catalog = source.readCatalog();
        db.execute("DROP TABLE drop_me");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Snapshotter.Result result = new Snapshotter(spark, source, cfg.snapshot(), layout(cfg),
                new Console(new PrintStream(out, true), new PrintStream(out, true))).run(DAY1, catalog);
        assertEquals(1, result.failed(), out::toString);
        Map<String, RunRecord> runs = new RunsLog(spark, layout(cfg)).read(DAY1);
        assertFalse(runs.get("drop_me").succeeded());
        assertTrue(runs.get("drop_me").error() != null && !runs.get("drop_me").error().isBlank());
        assertTrue(runs.get("keep_me").succeeded());
        assertEquals(2, snapshotOf(cfg, "keep_me", DAY1).count());
        assertTrue(out.toString().contains("FAILED"), out::toString);
    }

    @Test
    void includePatternsChooseTablesAndRunsAreQueryable() throws Exception {
        db.execute("CREATE TABLE keep_me (id INTEGER PRIMARY KEY)", "INSERT INTO keep_me VALUES (1)",
                "CREATE TABLE other (id INTEGER PRIMARY KEY)");
        Path config = config("    tables:\n      include: [\"keep_*\"]\n");
        Cli.Result ok = Cli.run("snapshot", "--config", config.toString(), "--date", DAY1.toString());
        assertEquals(0, ok.exit(), ok::toString);
        Cli.Result rows = Cli.run("sql", "--config", config.toString(), "--format", "json",
                "SELECT table_name, status, rows FROM rowback_runs");
        assertEquals("{\"table_name\":\"keep_me\",\"status\":\"succeeded\",\"rows\":1}", rows.out().strip());
    }
}

package io.rowback.jobs.reconcile;

import io.rowback.catalog.Catalog;
import io.rowback.config.ConfigLoader;
import io.rowback.config.RowbackConfig;
import io.rowback.dialect.Dialects;
import io.rowback.jobs.testing.Cli;
import io.rowback.jobs.testing.Configs;
import io.rowback.jobs.testing.Frames;
import io.rowback.jobs.testing.SourceRows;
import io.rowback.jobs.testing.SparkExtension;
import io.rowback.jobs.testing.TestDatabase;
import io.rowback.source.SourceDatabase;
import io.rowback.store.CatalogStore;
import io.rowback.store.SnapshotReader;
import io.rowback.store.WarehouseLayout;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reconcile on Sakila, a schema nobody here wrote: customers vanish with their rentals and
 * payments; a store and its manager, who reference each other through NOT NULL columns, vanish
 * too. Written once, run on MariaDB and PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SakilaReconcileIT {
    static final LocalDate D1 = LocalDate.of(2026, 3, 1);
    static final LocalDate D2 = LocalDate.of(2026, 3, 2);
    static final List<Integer> CUSTOMERS = List.of(11, 22, 33, 44, 55);

    final SparkSession spark = SparkExtension.spark();
    TestDatabase db;
    Path dir;
    Path config;
    RowbackConfig cfg;
    long sharedPayment;
    long sharedRental;

    abstract TestDatabase database();

    /** Statements that add store 3 managed by staff 3, who works at store 3 (checks off for the cycle). */
    abstract String[] addStoreAndManager();

    abstract String[] removeStoreAndManager();

    /** MariaDB restores the cycle with FOREIGN_KEY_CHECKS off; PostgreSQL checks at once and cannot. */
    abstract boolean canRestoreNotNullCycle();

    @BeforeAll
    void story() throws Exception {
        db = database();
        db.loadSakila();
        db.execute(addStoreAndManager());
        dir = Files.createTempDirectory("sakila");
        config = Configs.write(dir, db, "    naturalKeys:\n      customer: [email]\n");
        cfg = new ConfigLoader().load(config);
        // a payment of customer 11 for a rental of customer 22: a row both customers reach
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            sharedRental = one(s, "SELECT MIN(rental_id) FROM rental WHERE customer_id = 22");
            sharedPayment = one(s, "SELECT MIN(payment_id) FROM payment WHERE customer_id = 11");
            s.executeUpdate("UPDATE payment SET rental_id = " + sharedRental + " WHERE payment_id = " + sharedPayment);
        }
        assertEquals(0, Cli.run("snapshot", "--config", config.toString(), "--date", D1.toString()).exit());
        String ids = String.join(", ", CUSTOMERS.stream().map(String::valueOf).toList());
        db.execute("DELETE FROM payment WHERE customer_id IN (" + ids + ")", "DELETE FROM rental WHERE customer_id IN (" + ids + ")",
                "DELETE FROM customer WHERE customer_id IN (" + ids + ")");
        db.execute(removeStoreAndManager());
        assertEquals(0, Cli.run("snapshot", "--config", config.toString(), "--date", D2.toString()).exit());
    }

    static long one(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @AfterAll
    void drop() throws Exception {
        db.close();
    }

    Cli.Result reconcile(String root, Path out) {
        return Cli.run("reconcile", "--config", config.toString(), "--from", D1.toString(), "--to", D2.toString(), "--root", root,
                "--out", out.toString());
    }

    @Test
    void customersComeBackWithTheirRentalsAndPayments() throws Exception {
        Path out = dir.resolve("customers");
        Cli.Result r = reconcile("customer", out);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("5 deleted roots"), r::toString);
        Cli.Result apply = Cli.run("apply", "--config", config.toString(), "--script", out.resolve("restore.sql").toString(), "--commit");
        assertEquals(0, apply.exit(), apply::toString);
        Cli.Result again = Cli.run("apply", "--config", config.toString(), "--script", out.resolve("restore.sql").toString(), "--commit");
        assertEquals(0, again.exit(), again::toString);
        assertTrue(again.out().contains(", 0 rows changed,"), "restore.sql run twice changes nothing the second time: " + again);

        SourceDatabase source = new SourceDatabase(cfg.source("src"), Dialects.forSource(cfg.source("src")));
        SnapshotReader reader = new SnapshotReader(spark, new WarehouseLayout(cfg.warehouse(), "src"));
        Catalog d1 = new CatalogStore(spark, reader.layout()).read(D1);
        for (String t : List.of("customer", "rental")) {
            Frames.assertSameRows(t, reader.at(d1.table(t).orElseThrow(), D1), SourceRows.read(spark, source, d1.table(t).orElseThrow()));
        }
        // PostgreSQL's payment has INSERT rules that put rows in monthly child tables: compare with them included
        String from = db.kind().equals("postgresql") ? "payment" : null;
        Frames.assertSameRows("payment", reader.at(d1.table("payment").orElseThrow(), D1),
                SourceRows.read(spark, source, d1.table("payment").orElseThrow(), from));
        if (db.kind().equals("postgresql")) {
            assertTrue(Files.readString(out.resolve("restore.sql")).contains("payment has triggers or rules"), "the rules are named in the header");
        }
    }

    @Test
    void perRootCommentsCountASharedRowOnceAndAddUp() throws Exception {
        Path out = dir.resolve("comments");
        Cli.Result r = reconcile("customer", out);
        assertEquals(0, r.exit(), r::toString);
        String script = Files.readString(out.resolve("restore.sql"));
        List<String> lines = script.lines().toList();
        long inserts = lines.stream().filter(l -> l.startsWith("INSERT INTO")).count();
        Pattern root = Pattern.compile("-- customer customer_id = (\\d+): last seen .*; ([\\d,]+) rows? restored for it alone \\(itself included\\)(; ([\\d,]+) rows? shared.*)?");
        Map<Integer, Long> alone = new TreeMap<>();
        Map<Integer, Long> sharedOf = new TreeMap<>();
        for (String l : lines) {
            Matcher m = root.matcher(l);
            if (m.matches()) {
                alone.put(Integer.parseInt(m.group(1)), number(m.group(2)));
                sharedOf.put(Integer.parseInt(m.group(1)), m.group(4) == null ? 0 : number(m.group(4)));
            }
        }
        assertEquals(CUSTOMERS, List.copyOf(alone.keySet()), "a comment for each vanished customer: " + alone);
        Pattern sharedLine = Pattern.compile("--\\s+([\\d,]+) rows? shared by (customer customer_id = \\d+( and customer customer_id = \\d+)+)");
        long shared = 0;
        List<String> sets = new ArrayList<>();
        for (String l : lines) {
            Matcher m = sharedLine.matcher(l);
            if (m.matches()) {
                shared += number(m.group(1));
                sets.add(l.trim());
            }
        }
        // the payment, and the rental of customer 22 it pays for (which restoring customer 11 alone would need too)
        assertTrue(sets.contains("--   2 rows shared by customer customer_id = 11 and customer customer_id = 22"), "the shared rows, once: " + sets);
        assertEquals(inserts, alone.values().stream().mapToLong(Long::longValue).sum() + shared,
                "per-root counts plus shared counts are the rows inserted: " + alone + " " + sets);
        assertTrue(sharedOf.get(11) >= 1 && sharedOf.get(22) >= 1, "both customers say they share: " + sharedOf);
        assertTrue(script.contains("-- payment payment_id = " + sharedPayment + ": reached from customer customer_id = 11 and customer customer_id = 22"),
                "the shared row names both roots");
        assertTrue(script.contains("-- rental rental_id = " + sharedRental + ": reached from customer customer_id = 11 and customer customer_id = 22"),
                "the shared row names both roots");
        assertTrue(!script.contains("{\"k0\""), "roots named by their key columns, not by an internal key");
        io.rowback.jobs.testing.RootCounts.assertAddUp(script);
    }

    /** Spark's interpreted evaluation (what a history this small gets) and its compiled code write the same scripts and report. */
    @Test
    void interpretedAndCompiledWriteTheSameScripts() throws Exception {
        io.rowback.store.RunsLog runs = new io.rowback.store.RunsLog(spark, new WarehouseLayout(cfg.warehouse(), "src"));
        long rows = runs.rows(new CatalogStore(spark, new WarehouseLayout(cfg.warehouse(), "src")).read(D1).names(), D1, D2);
        assertTrue(rows > 0 && io.rowback.spark.ExecutionMode.interpreted(spark, rows), "Sakila's " + rows + " rows run interpreted");
        Path interpreted = dir.resolve("interpreted");
        Cli.Result a = reconcile("customer", interpreted);
        assertEquals(0, a.exit(), a::toString);
        Path compiled = dir.resolve("compiled");
        spark.conf().set(io.rowback.spark.ExecutionMode.LIMIT, "0");
        try {
            Cli.Result b = reconcile("customer", compiled);
            assertEquals(0, b.exit(), b::toString);
        } finally {
            spark.conf().unset(io.rowback.spark.ExecutionMode.LIMIT);
        }
        assertEquals("true", spark.conf().get("spark.sql.codegen.wholeStage"), "the session is set back after the command");
        for (String f : List.of("restore.sql", "undo.sql", "report.json", "report.md")) {
            assertEquals(withoutTime(Files.readString(interpreted.resolve(f))), withoutTime(Files.readString(compiled.resolve(f))), f);
        }
        assertTrue(Files.readString(compiled.resolve("restore.sql")).contains("INSERT INTO"), "something to compare");
    }

    /** The scripts and reports say when they were written; nothing else may differ. */
    static String withoutTime(String text) {
        return text.replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ", "TIME");
    }

    static long number(String text) {
        return Long.parseLong(text.replace(",", ""));
    }

    @Test
    void aStoreAndItsManagerReferencingEachOther() throws Exception {
        Path out = dir.resolve("store");
        Cli.Result r = reconcile("store", out);
        if (!canRestoreNotNullCycle()) {
            assertEquals(1, r.exit(), r::toString);
            assertTrue(r.err().contains("[ staff -> store -> staff ]") || r.err().contains("[ store -> staff -> store ]"),
                    "the cycle is printed: " + r.err());
            return;
        }
        assertEquals(0, r.exit(), r::toString);
        String script = Files.readString(out.resolve("restore.sql"));
        assertTrue(script.contains("SET FOREIGN_KEY_CHECKS = 0;"), script);
        Cli.Result apply = Cli.run("apply", "--config", config.toString(), "--script", out.resolve("restore.sql").toString(), "--commit");
        assertEquals(0, apply.exit(), apply::toString);
        SourceDatabase source = new SourceDatabase(cfg.source("src"), Dialects.forSource(cfg.source("src")));
        SnapshotReader reader = new SnapshotReader(spark, new WarehouseLayout(cfg.warehouse(), "src"));
        Catalog d1 = new CatalogStore(spark, reader.layout()).read(D1);
        for (String t : List.of("store", "staff")) {
            Frames.assertSameRows(t, reader.at(d1.table(t).orElseThrow(), D1), SourceRows.read(spark, source, d1.table(t).orElseThrow()));
        }
        Cli.Result undo = Cli.run("apply", "--config", config.toString(), "--script", out.resolve("undo.sql").toString(), "--commit");
        assertEquals(0, undo.exit(), undo::toString);
        assertEquals(2, db.count("store"), "undo took the store away again");
    }
}

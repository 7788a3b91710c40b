package io.rowback.jobs.reconcile;

import io.rowback.catalog.Catalog;
import io.rowback.catalog.Table;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Source → Delta → restore SQL → source gives the same values, for every awkward type: the rows
 * of the awkward tables are deleted, reconciled, restored, and read back with the driver.
 */
abstract class ValueRoundTripIT {
    @TempDir
    Path dir;
    TestDatabase db;
    final SparkSession spark = SparkExtension.spark();

    abstract TestDatabase database();

    /** The database's own text of a column's value, exact to the byte (hex where text could be lossy). */
    abstract String text(String quotedColumn);

    /** Every row of every table as the database writes it, in key order: what must come back byte for byte. */
    List<String> sourceText(Catalog catalog) throws Exception {
        List<String> out = new ArrayList<>();
        try (java.sql.Connection c = db.connect(); java.sql.Statement s = c.createStatement()) {
            for (Table t : catalog.tables()) {
                java.util.StringJoiner select = new java.util.StringJoiner(" || '|' || ");
                if (db.kind().equals("mariadb")) {
                    select = new java.util.StringJoiner(", '|', ", "CONCAT_WS('', ", ")");
                }
                for (String col : t.columnNames()) {
                    select.add("COALESCE(" + text(db.quote(col)) + ", 'NULL')");
                }
                try (java.sql.ResultSet rs = s.executeQuery("SELECT " + select + " FROM " + (db.kind().equals("postgresql") ? "ONLY " : "")
                        + db.quote(t.name()))) {
                    while (rs.next()) {
                        out.add(t.name() + ": " + rs.getString(1));
                    }
                }
            }
        }
        java.util.Collections.sort(out);
        return out;
    }

    @AfterEach
    void drop() throws Exception {
        db.close();
    }

    @Test
    void everyValueComesBackExactly() throws Exception {
        db = database();
        db.runResource("/ddl/" + db.kind() + "/awkward.sql");
        Path config = Configs.write(dir, db, null);
        RowbackConfig cfg = new ConfigLoader().load(config);
        SourceDatabase source = new SourceDatabase(cfg.source("src"), Dialects.forSource(cfg.source("src")));
        Catalog catalog = source.readCatalog();
        LocalDate d1 = LocalDate.of(2026, 4, 1);
        LocalDate d2 = LocalDate.of(2026, 4, 2);
        Cli.Result first = Cli.run("snapshot", "--config", config.toString(), "--date", d1.toString());
        assertEquals(0, first.exit(), first::toString);
        List<String> before = sourceText(catalog);
        List<String> roots = new ArrayList<>();
        for (Table t : catalog.tables()) {
            if (t.hasPrimaryKey()) {
                db.execute("DELETE FROM " + (db.kind().equals("postgresql") ? "ONLY " : "") + db.quote(t.name()));
                roots.add(t.name());
            }
        }
        assertEquals(0, Cli.run("snapshot", "--config", config.toString(), "--date", d2.toString()).exit());
        List<String> args = new ArrayList<>(List.of("reconcile", "--config", config.toString(), "--from", d1.toString(), "--to", d2.toString(),
                "--out", dir.resolve("out").toString(), "--allow-drop", "--root"));
        args.addAll(roots);
        Cli.Result r = Cli.run(args.toArray(new String[0]));
        assertEquals(0, r.exit(), r::toString);
        Cli.Result apply = Cli.run("apply", "--config", config.toString(), "--script", dir.resolve("out/restore.sql").toString(), "--commit");
        assertEquals(0, apply.exit(), apply::toString);

        assertEquals(String.join("\n", before), String.join("\n", sourceText(catalog)), "the database's own text of every value, before and after");

        SnapshotReader reader = new SnapshotReader(spark, new WarehouseLayout(cfg.warehouse(), "src"));
        Catalog stored = new CatalogStore(spark, reader.layout()).read(d1);
        for (Table t : catalog.tables()) {
            Frames.assertSameRows(t.name() + " back in the database", reader.at(stored.table(t.name()).orElseThrow(), d1),
                    SourceRows.read(spark, source, t));
        }
    }
}

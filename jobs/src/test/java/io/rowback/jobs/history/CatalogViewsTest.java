package io.rowback.jobs.history;

import io.rowback.catalog.Catalog;
import io.rowback.catalog.Column;
import io.rowback.catalog.Key;
import io.rowback.catalog.Table;
import io.rowback.jobs.testing.SparkExtension;
import io.rowback.store.CatalogStore;
import io.rowback.store.SnapshotWriter;
import io.rowback.store.WarehouseLayout;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog store keeps the names of views apart from the tables, and reads catalogs written before it did. */
class CatalogViewsTest {
    static final LocalDate OLD = LocalDate.of(2026, 1, 1);
    static final LocalDate NEW = LocalDate.of(2026, 1, 2);

    @TempDir
    Path dir;

    @Test
    void viewsAreKeptApartAndOldCatalogsStillRead() {
        SparkSession spark = SparkExtension.spark();
        WarehouseLayout layout = new WarehouseLayout(dir.toString(), "src");
        // a catalog as written before views were recorded: no kind column, nor the later consistency columns
        StructType old = new StructType(Arrays.stream(CatalogStore.SCHEMA.fields()).takeWhile(f -> !f.name().equals("kind")).toArray(StructField[]::new));
        Row item = RowFactory.create(OLD, "item", false, 1L, List.of(RowFactory.create("id", 1, "int", "int", false, false, false, -1, "INT", false, null, true, false, null)),
                RowFactory.create("PRIMARY", List.of("id")), List.of(), List.of(), List.of());
        new SnapshotWriter(spark).write(spark.createDataFrame(List.of(item), old).drop(WarehouseLayout.DATE_COLUMN), layout.catalogPath(), OLD, false);

        CatalogStore store = new CatalogStore(spark, layout);
        Table t = new Table("item", false, 1, List.of(new Column("id", 1, "int", "int", false, false, false, -1, "INT", false)),
                new Key("PRIMARY", List.of("id")), List.of(), List.of(), List.of());
        store.write(NEW, new Catalog(List.of(t), List.of("item_view")));

        Catalog before = store.read(OLD);
        assertEquals(List.of("item"), before.names());
        assertTrue(before.views().isEmpty());
        Catalog after = store.read(NEW);
        assertEquals(List.of("item"), after.names(), "a view is not a table");
        assertEquals(List.of("item_view"), after.views());
        Map<LocalDate, Catalog> both = store.readAll(List.of(OLD, NEW));
        assertEquals(List.of("item_view"), both.get(NEW).views());
        assertEquals(List.of("id"), both.get(OLD).table("item").orElseThrow().primaryKey().columns());
        assertEquals(List.of(OLD, NEW), store.dates());
    }
}

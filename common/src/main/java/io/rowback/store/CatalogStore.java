package io.rowback.store;

import io.rowback.catalog.Catalog;
import io.rowback.catalog.Column;
import io.rowback.catalog.ForeignKey;
import io.rowback.catalog.Key;
import io.rowback.catalog.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * {@code _rowback/catalog}: one row per snapshot date and table, with its columns, keys and foreign
 * keys as nested values, so that it can be read with SQL as well as by the jobs; partitioned by date
 * like the tables. Views have a row of kind 'view' with their name only: they are not snapshotted. It is metadata, a few hundred rows a date: the jobs read it on the driver.
 */
public final class CatalogStore {
    private static final StructType COLUMN = new StructType()
            .add("name", DataTypes.StringType, false)
            .add("position", DataTypes.IntegerType, false)
            .add("source_type", DataTypes.StringType, false)
            .add("data_type", DataTypes.StringType, false)
            .add("nullable", DataTypes.BooleanType, false)
            .add("generated", DataTypes.BooleanType, false)
            .add("identity", DataTypes.BooleanType, false)
            .add("length", DataTypes.IntegerType, false)
            .add("spark_type", DataTypes.StringType, false)
            .add("stored_as_text", DataTypes.BooleanType, false)
            .add("collation", DataTypes.StringType, true)
            .add("has_default", DataTypes.BooleanType, true)
            .add("auto_updated", DataTypes.BooleanType, true)
            .add("stored_name", DataTypes.StringType, true);
    private static final StructType KEY = new StructType()
            .add("name", DataTypes.StringType, true)
            .add("columns", new ArrayType(DataTypes.StringType, false), false);
    private static final StructType FOREIGN_KEY = new StructType()
            .add("name", DataTypes.StringType, true)
            .add("columns", new ArrayType(DataTypes.StringType, false), false)
            .add("ref_table", DataTypes.StringType, false)
            .add("ref_columns", new ArrayType(DataTypes.StringType, false), false)
            .add("on_delete", DataTypes.StringType, true);
    public static final StructType SCHEMA = new StructType()
            .add(WarehouseLayout.DATE_COLUMN, DataTypes.DateType, false)
            .add("table_name", DataTypes.StringType, false)
            .add("partitioned", DataTypes.BooleanType, false)
            .add("estimated_rows", DataTypes.LongType, false)
            .add("columns", new ArrayType(COLUMN, false), false)
            .add("primary_key", KEY, true)
            .add("unique_keys", new ArrayType(KEY, false), false)
            .add("foreign_keys", new ArrayType(FOREIGN_KEY, false), false)
            .add("triggers", new ArrayType(DataTypes.StringType, false), true)
            .add("kind", DataTypes.StringType, true)
            .add("consistency", DataTypes.StringType, true)
            .add("snapshot_position", DataTypes.StringType, true);
    /** Values of {@code kind}; catalogs written before views were recorded have none, and only tables. */
    public static final String TABLE = "table";
    public static final String VIEW = "view";

    private final SparkSession spark;
    private final WarehouseLayout layout;
    /** Catalogs read by this store: a command that reads a date twice (reconcile's checks, then its plan) queries it once. */
    private final Map<LocalDate, Catalog> read = new java.util.concurrent.ConcurrentHashMap<>();

    public CatalogStore(SparkSession spark, WarehouseLayout layout) {
        this.spark = spark;
        this.layout = layout;
    }

    public void write(LocalDate date, Catalog catalog) {
        write(date, catalog, null, null);
    }

    /** @param consistency consistent or per-table; position the instant's WAL LSN or binlog position (catalogs of before have neither) */
    public void write(LocalDate date, Catalog catalog, String consistency, String position) {
        read.remove(date);
        List<Row> rows = new ArrayList<>();
        for (Table t : catalog.tables()) {
            Map<String, String> stored = WarehouseLayout.storedNames(t);
            List<Row> columns = t.columns().stream().map(c -> RowFactory.create(c.name(), c.position(), c.sourceType(), c.dataType(),
                    c.nullable(), c.generated(), c.identity(), c.length(), c.sparkType(), c.storedAsText(), c.collation(), c.hasDefault(),
                    c.autoUpdated(), stored.get(c.name()))).toList();
            Row pk = t.primaryKey() == null ? null : key(t.primaryKey());
            List<Row> unique = t.uniqueKeys().stream().map(CatalogStore::key).toList();
            List<Row> fks = t.foreignKeys().stream().filter(ForeignKey::declared)
                    .map(f -> RowFactory.create(f.name(), seq(f.columns()), f.refTable(), seq(f.refColumns()), f.onDelete())).toList();
            rows.add(RowFactory.create(date, t.name(), t.partitioned(), t.estimatedRows(), seq(columns), pk, seq(unique), seq(fks), t.triggers(),
                    TABLE, consistency, position));
        }
        for (String v : catalog.views()) {
            rows.add(RowFactory.create(date, v, false, -1L, List.of(), null, List.of(), List.of(), List.of(), VIEW, consistency, position));
        }
        new SnapshotWriter(spark).write(spark.createDataFrame(rows, SCHEMA).drop(WarehouseLayout.DATE_COLUMN).coalesce(1),
                layout.catalogPath(), date, hasDate(date));
    }

    private static Row key(Key k) {
        return RowFactory.create(k.name(), seq(k.columns()));
    }

    /** Spark takes a java.util.List for an array column. */
    private static <T> List<T> seq(List<T> list) {
        return list;
    }

    public boolean exists() {
        return DeltaPaths.isDeltaTable(spark, layout.catalogPath());
    }

    /** The dates that have a catalog, oldest first. */
    public List<LocalDate> dates() {
        if (!exists()) {
            return List.of();
        }
        return spark.read().format("delta").load(layout.catalogPath()).select(WarehouseLayout.DATE_COLUMN).distinct()
                .orderBy(WarehouseLayout.DATE_COLUMN).collectAsList().stream().map(r -> r.<LocalDate>getAs(0)).toList();
    }

    /** Whether a catalog was ever written for the date (tables are written only after it). */
    public boolean hasDate(LocalDate date) {
        return DeltaPaths.hasPartition(spark, layout.catalogPath(), date);
    }

    public Catalog read(LocalDate date) {
        Catalog known = read.get(date);
        if (known != null) {
            return known;
        }
        Dataset<Row> df = spark.read().format("delta").load(layout.catalogPath())
                .where(col(WarehouseLayout.DATE_COLUMN).equalTo(lit(date)));
        List<Table> tables = new ArrayList<>();
        List<String> views = new ArrayList<>();
        for (Row r : df.collectAsList()) {
            if (isView(r)) {
                views.add(r.getAs("table_name"));
            } else {
                tables.add(table(r));
            }
        }
        Catalog catalog = new Catalog(tables, views);
        read.put(date, catalog);
        return catalog;
    }

    /** The catalogs of several dates, read in one query. */
    public java.util.Map<LocalDate, Catalog> readAll(List<LocalDate> dates) {
        java.util.Map<LocalDate, List<Table>> byDate = new java.util.TreeMap<>();
        java.util.Map<LocalDate, List<String>> viewsByDate = new java.util.TreeMap<>();
        dates.forEach(d -> {
            byDate.put(d, new ArrayList<>());
            viewsByDate.put(d, new ArrayList<>());
        });
        Dataset<Row> df = spark.read().format("delta").load(layout.catalogPath())
                .where(col(WarehouseLayout.DATE_COLUMN).isin(dates.toArray()));
        for (Row r : df.collectAsList()) {
            LocalDate d = r.getAs(WarehouseLayout.DATE_COLUMN);
            if (isView(r)) {
                viewsByDate.get(d).add(r.getAs("table_name"));
            } else {
                byDate.get(d).add(table(r));
            }
        }
        java.util.Map<LocalDate, Catalog> out = new java.util.TreeMap<>();
        byDate.forEach((d, tables) -> out.put(d, new Catalog(tables, viewsByDate.get(d))));
        return out;
    }

    /** A view's row; a catalog written before views were recorded has no kind column, and only tables. */
    static boolean isView(Row r) {
        return List.of(r.schema().fieldNames()).contains("kind") && VIEW.equals(r.getAs("kind"));
    }

    static Table table(Row r) {
        String name = r.getAs("table_name");
        List<Column> columns = new ArrayList<>();
        for (Row c : r.<Row>getList(r.fieldIndex("columns"))) {
            Column col = new Column(c.getAs("name"), c.<Integer>getAs("position"), c.getAs("source_type"), c.getAs("data_type"),
                    c.<Boolean>getAs("nullable"), c.<Boolean>getAs("generated"), c.<Boolean>getAs("identity"),
                    c.<Integer>getAs("length"), c.getAs("spark_type"), c.<Boolean>getAs("stored_as_text"));
            // catalogs written before these were recorded: compared exactly, insertable without the column, not auto-updated
            List<String> fields = List.of(c.schema().fieldNames());
            if (fields.contains("has_default")) {
                Boolean hasDefault = c.getAs("has_default");
                Boolean autoUpdated = c.getAs("auto_updated");
                col = col.withTraits(c.getAs("collation"), hasDefault == null || hasDefault, autoUpdated != null && autoUpdated);
            }
            columns.add(col);
        }
        Row pkRow = r.getAs("primary_key");
        Key pk = pkRow == null ? null : new Key(pkRow.getAs("name"), pkRow.<String>getList(1));
        List<Key> unique = r.<Row>getList(r.fieldIndex("unique_keys")).stream().map(k -> new Key(k.getAs("name"), k.<String>getList(1))).toList();
        List<ForeignKey> fks = r.<Row>getList(r.fieldIndex("foreign_keys")).stream()
                // catalogs written before the delete rule was recorded: unknown
                .map(f -> new ForeignKey(f.getAs("name"), name, f.<String>getList(1), f.getAs("ref_table"), f.<String>getList(3), Map.of(), true,
                        List.of(f.schema().fieldNames()).contains("on_delete") ? f.<String>getAs("on_delete") : null))
                .toList();
        List<String> triggers = List.of(r.schema().fieldNames()).contains("triggers") && r.getAs("triggers") != null
                ? r.<String>getList(r.fieldIndex("triggers")) : List.of();
        return new Table(name, r.<Boolean>getAs("partitioned"), r.<Long>getAs("estimated_rows"), columns, pk, unique, fks, triggers);
    }
}

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
 * like the tables. It is metadata, a few hundred rows a date: the jobs read it on the driver.
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
            .add("stored_name", DataTypes.StringType, true);
    private static final StructType KEY = new StructType()
            .add("name", DataTypes.StringType, true)
            .add("columns", new ArrayType(DataTypes.StringType, false), false);
    private static final StructType FOREIGN_KEY = new StructType()
            .add("name", DataTypes.StringType, true)
            .add("columns", new ArrayType(DataTypes.StringType, false), false)
            .add("ref_table", DataTypes.StringType, false)
            .add("ref_columns", new ArrayType(DataTypes.StringType, false), false);
    public static final StructType SCHEMA = new StructType()
            .add(WarehouseLayout.DATE_COLUMN, DataTypes.DateType, false)
            .add("table_name", DataTypes.StringType, false)
            .add("partitioned", DataTypes.BooleanType, false)
            .add("estimated_rows", DataTypes.LongType, false)
            .add("columns", new ArrayType(COLUMN, false), false)
            .add("primary_key", KEY, true)
            .add("unique_keys", new ArrayType(KEY, false), false)
            .add("foreign_keys", new ArrayType(FOREIGN_KEY, false), false)
            .add("triggers", new ArrayType(DataTypes.StringType, false), true);

    private final SparkSession spark;
    private final WarehouseLayout layout;

    public CatalogStore(SparkSession spark, WarehouseLayout layout) {
        this.spark = spark;
        this.layout = layout;
    }

    public void write(LocalDate date, Catalog catalog) {
        List<Row> rows = new ArrayList<>();
        for (Table t : catalog.tables()) {
            Map<String, String> stored = WarehouseLayout.storedNames(t);
            List<Row> columns = t.columns().stream().map(c -> RowFactory.create(c.name(), c.position(), c.sourceType(), c.dataType(),
                    c.nullable(), c.generated(), c.identity(), c.length(), c.sparkType(), c.storedAsText(), stored.get(c.name()))).toList();
            Row pk = t.primaryKey() == null ? null : key(t.primaryKey());
            List<Row> unique = t.uniqueKeys().stream().map(CatalogStore::key).toList();
            List<Row> fks = t.foreignKeys().stream().filter(ForeignKey::declared)
                    .map(f -> RowFactory.create(f.name(), seq(f.columns()), f.refTable(), seq(f.refColumns()))).toList();
            rows.add(RowFactory.create(date, t.name(), t.partitioned(), t.estimatedRows(), seq(columns), pk, seq(unique), seq(fks), t.triggers()));
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
        Dataset<Row> df = spark.read().format("delta").load(layout.catalogPath())
                .where(col(WarehouseLayout.DATE_COLUMN).equalTo(lit(date)));
        List<Table> tables = new ArrayList<>();
        for (Row r : df.collectAsList()) {
            tables.add(table(r));
        }
        return new Catalog(tables);
    }

    /** The catalogs of several dates, read in one query. */
    public java.util.Map<LocalDate, Catalog> readAll(List<LocalDate> dates) {
        java.util.Map<LocalDate, List<Table>> byDate = new java.util.TreeMap<>();
        dates.forEach(d -> byDate.put(d, new ArrayList<>()));
        Dataset<Row> df = spark.read().format("delta").load(layout.catalogPath())
                .where(col(WarehouseLayout.DATE_COLUMN).isin(dates.toArray()));
        for (Row r : df.collectAsList()) {
            byDate.get(r.<LocalDate>getAs(WarehouseLayout.DATE_COLUMN)).add(table(r));
        }
        java.util.Map<LocalDate, Catalog> out = new java.util.TreeMap<>();
        byDate.forEach((d, tables) -> out.put(d, new Catalog(tables)));
        return out;
    }

    static Table table(Row r) {
        String name = r.getAs("table_name");
        List<Column> columns = new ArrayList<>();
        for (Row c : r.<Row>getList(r.fieldIndex("columns"))) {
            columns.add(new Column(c.getAs("name"), c.<Integer>getAs("position"), c.getAs("source_type"), c.getAs("data_type"),
                    c.<Boolean>getAs("nullable"), c.<Boolean>getAs("generated"), c.<Boolean>getAs("identity"),
                    c.<Integer>getAs("length"), c.getAs("spark_type"), c.<Boolean>getAs("stored_as_text")));
        }
        Row pkRow = r.getAs("primary_key");
        Key pk = pkRow == null ? null : new Key(pkRow.getAs("name"), pkRow.<String>getList(1));
        List<Key> unique = r.<Row>getList(r.fieldIndex("unique_keys")).stream().map(k -> new Key(k.getAs("name"), k.<String>getList(1))).toList();
        List<ForeignKey> fks = r.<Row>getList(r.fieldIndex("foreign_keys")).stream()
                .map(f -> new ForeignKey(f.getAs("name"), name, f.<String>getList(1), f.getAs("ref_table"), f.<String>getList(3), Map.of(), true))
                .toList();
        List<String> triggers = List.of(r.schema().fieldNames()).contains("triggers") && r.getAs("triggers") != null
                ? r.<String>getList(r.fieldIndex("triggers")) : List.of();
        return new Table(name, r.<Boolean>getAs("partitioned"), r.<Long>getAs("estimated_rows"), columns, pk, unique, fks, triggers);
    }
}

package io.rowback.store;

import io.rowback.catalog.Table;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.LocalDate;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/** Reads the snapshots of a source: one table on one date, or over a range of dates (partition pruned). */
public final class SnapshotReader {
    private final SparkSession spark;
    private final WarehouseLayout layout;

    public SnapshotReader(SparkSession spark, WarehouseLayout layout) {
        this.spark = spark;
        this.layout = layout;
    }

    public WarehouseLayout layout() {
        return layout;
    }

    public boolean exists(String table) {
        return DeltaPaths.isDeltaTable(spark, layout.tablePath(table));
    }

    /** All dates of a table, with its snapshot_date column. */
    public Dataset<Row> all(String table) {
        return spark.read().format("delta").load(layout.tablePath(table));
    }

    /** The table's rows on one date, with the columns the catalog of that date lists (in its order). */
    public Dataset<Row> at(Table table, LocalDate date) {
        return all(table.name()).where(col(WarehouseLayout.DATE_COLUMN).equalTo(lit(date)))
                .select(table.columns().stream().map(c -> col(quoted(c.name()))).toArray(Column[]::new));
    }

    /** The given columns of the table on every date of [from, to], with snapshot_date. */
    public Dataset<Row> between(String table, List<String> columns, LocalDate from, LocalDate to) {
        Column[] cols = java.util.stream.Stream.concat(columns.stream().map(c -> col(quoted(c))),
                java.util.stream.Stream.of(col(WarehouseLayout.DATE_COLUMN))).toArray(Column[]::new);
        return all(table).where(col(WarehouseLayout.DATE_COLUMN).geq(lit(from)).and(col(WarehouseLayout.DATE_COLUMN).leq(lit(to))))
                .select(cols);
    }

    /** A name for Spark's col(): backticks, so that dots and spaces are part of the name. */
    public static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}

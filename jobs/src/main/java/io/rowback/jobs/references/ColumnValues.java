package io.rowback.jobs.references;

import io.rowback.catalog.Table;
import io.rowback.dialect.Dialect;
import io.rowback.source.SourceDatabase;
import io.rowback.store.SnapshotReader;
import io.rowback.store.WarehouseLayout;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.StringJoiner;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Where the values of a table's columns come from: the snapshots of a range of dates, or the live
 * database (one "date", today) through Spark's JDBC reader. Columns are named c0, c1, ... in the
 * order asked, with snapshot_date first.
 */
public interface ColumnValues {
    String DATE = WarehouseLayout.DATE_COLUMN;

    Dataset<Row> read(Table table, List<String> columns);

    /** Every date of [from, to] that the snapshots hold. */
    static ColumnValues snapshots(SnapshotReader reader, LocalDate from, LocalDate to) {
        return (table, columns) -> {
            Dataset<Row> df = reader.between(table.name(), columns, from, to);
            List<Column> out = new ArrayList<>();
            out.add(col(DATE));
            for (int i = 0; i < columns.size(); i++) {
                out.add(col(SnapshotReader.quoted(columns.get(i))).as("c" + i));
            }
            return df.select(out.toArray(new Column[0]));
        };
    }

    /** The source as it is now, labelled with one date. */
    static ColumnValues live(SparkSession spark, SourceDatabase source, String schema, LocalDate today) {
        return (table, columns) -> {
            Dialect d = source.dialect();
            StringJoiner select = new StringJoiner(", ");
            StringJoiner custom = new StringJoiner(", ");
            for (int i = 0; i < columns.size(); i++) {
                io.rowback.catalog.Column c = table.column(columns.get(i)).orElseThrow();
                select.add(d.readExpression(c) + " AS " + d.quote("c" + i));
                custom.add("c" + i + " " + c.sparkType());
            }
            Properties p = source.properties();
            p.setProperty("driver", d.driverClass());
            p.setProperty("fetchsize", "10000");
            p.setProperty("customSchema", custom.toString());
            Dataset<Row> df = spark.read().jdbc(source.url(), "(SELECT " + select + " FROM " + d.readFrom(schema, table) + ") rowback_values", p);
            List<Column> out = new ArrayList<>();
            out.add(lit(today).as(DATE));
            for (int i = 0; i < columns.size(); i++) {
                out.add(col("c" + i));
            }
            return df.select(out.toArray(new Column[0]));
        };
    }
}

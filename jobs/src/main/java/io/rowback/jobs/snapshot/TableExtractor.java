package io.rowback.jobs.snapshot;

import io.rowback.catalog.Table;
import io.rowback.dialect.Dialect;
import io.rowback.dialect.MySqlDialect;
import io.rowback.source.SourceDatabase;
import io.rowback.store.SnapshotReader;
import io.rowback.store.WarehouseLayout;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.StringJoiner;

import static org.apache.spark.sql.functions.col;

/**
 * Reads one table with Spark's JDBC source. The query names every column with a plain alias (c0,
 * c1, ...) so that Spark's own quoting never meets a real column name, reads each in the form the
 * catalog says it is stored in, and pins the Spark types with customSchema. The result has the
 * table's stored column names (WarehouseLayout#storedName), without JDBC metadata, in primary key order (it compresses better).
 */
final class TableExtractor {
    private final SparkSession spark;
    private final SourceDatabase source;
    private final String schema;
    private final int fetchSize;

    TableExtractor(SparkSession spark, SourceDatabase source, String schema, int fetchSize) {
        this.spark = spark;
        this.source = source;
        this.schema = schema;
        this.fetchSize = fetchSize;
    }

    static String alias(int i) {
        return "c" + i;
    }

    String query(Table table) {
        Dialect d = source.dialect();
        StringJoiner select = new StringJoiner(", ");
        List<io.rowback.catalog.Column> columns = table.columns();
        for (int i = 0; i < columns.size(); i++) {
            select.add(d.readExpression(columns.get(i)) + " AS " + d.quote(alias(i)));
        }
        return "(SELECT " + select + " FROM " + d.readFrom(schema, table) + ") rowback_extract";
    }

    String customSchema(Table table) {
        StringJoiner s = new StringJoiner(", ");
        List<io.rowback.catalog.Column> columns = table.columns();
        for (int i = 0; i < columns.size(); i++) {
            s.add(alias(i) + " " + columns.get(i).sparkType());
        }
        return s.toString();
    }

    /** The alias of a column in the extract query. */
    static String aliasOf(Table table, String column) {
        return alias(table.columnNames().indexOf(table.column(column).map(io.rowback.catalog.Column::name).orElseThrow()));
    }

    Dataset<Row> read(Table table, ExtractPlan plan) {
        return read(table, plan, new Properties());
    }

    /** @param extra options that make the read see the snapshot's instant (SnapshotInstant#prepare) */
    Dataset<Row> read(Table table, ExtractPlan plan, Properties extra) {
        Properties p = source.properties();
        p.putAll(extra);
        p.setProperty("driver", source.dialect().driverClass());
        p.setProperty("fetchsize", String.valueOf(fetchSize));
        p.setProperty("customSchema", customSchema(table));
        Dataset<Row> df = plan.predicates().isEmpty()
                ? spark.read().jdbc(source.url(), query(table), p)
                : spark.read().jdbc(source.url(), query(table), plan.predicates().toArray(new String[0]), p);
        List<Column> renamed = new ArrayList<>();
        List<io.rowback.catalog.Column> columns = table.columns();
        java.util.Map<String, String> stored = WarehouseLayout.storedNames(table);
        for (int i = 0; i < columns.size(); i++) {
            // no JDBC metadata in Delta (a varchar(n) there would make Spark enforce n on later dates);
            // an alias keeps its child's metadata, a cast to the same type does not
            renamed.add(col(alias(i)).cast(DataType.fromDDL(columns.get(i).sparkType())).as(stored.get(columns.get(i).name())));
        }
        df = df.select(renamed.toArray(new Column[0]));
        // sorted by key for compression; InnoDB (clustered by primary key) and key-range reads come in key order already
        if (table.hasPrimaryKey() && plan.predicates().isEmpty() && !(source.dialect() instanceof MySqlDialect)) {
            df = df.sortWithinPartitions(table.primaryKey().columns().stream().map(c -> col(SnapshotReader.quoted(stored.get(c)))).toArray(Column[]::new));
        }
        return df;
    }

}

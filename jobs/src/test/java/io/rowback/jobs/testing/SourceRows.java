package io.rowback.jobs.testing;

import io.rowback.catalog.Column;
import io.rowback.catalog.Table;
import io.rowback.source.SourceDatabase;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A source table read with plain JDBC and the driver's typed getters (not Spark's JDBC source), as
 * a DataFrame in the types the catalog says rowback stores: what the snapshot must hold.
 */
public final class SourceRows {
    private SourceRows() {
    }

    public static StructType schema(Table table) {
        StructType s = new StructType();
        for (Column c : table.columns()) {
            s = s.add(c.name(), DataType.fromDDL(c.sparkType()), true);
        }
        return s;
    }

    public static Dataset<Row> read(SparkSession spark, SourceDatabase db, Table table) throws SQLException {
        return read(spark, db, table, null);
    }

    /** @param from a FROM clause to read instead of the table's own rows (e.g. a parent with its children) */
    public static Dataset<Row> read(SparkSession spark, SourceDatabase db, Table table, String from) throws SQLException {
        StructType schema = schema(table);
        List<Row> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            StringJoiner select = new StringJoiner(", ");
            for (Column col : table.columns()) {
                select.add(db.dialect().readExpression(col));
            }
            String source = from != null ? from : db.dialect().readFrom(db.schema(c), table);
            try (ResultSet rs = s.executeQuery("SELECT " + select + " FROM " + source)) {
                while (rs.next()) {
                    Object[] values = new Object[table.columns().size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = value(rs, i + 1, schema.fields()[i].dataType(), db.dialect().name());
                    }
                    rows.add(RowFactory.create(values));
                }
            }
        }
        return spark.createDataFrame(rows, schema);
    }

    private static Object value(ResultSet rs, int i, DataType type, String dialect) throws SQLException {
        Object v = switch (type.typeName()) {
            case "byte" -> rs.getByte(i);
            case "short" -> rs.getShort(i);
            case "integer" -> rs.getInt(i);
            case "long" -> rs.getLong(i);
            case "float" -> rs.getFloat(i);
            case "double" -> rs.getDouble(i);
            case "boolean" -> rs.getBoolean(i);
            case "string" -> rs.getString(i);
            case "binary" -> rs.getBytes(i);
            case "date" -> rs.getObject(i, LocalDate.class);
            case "timestamp_ntz" -> rs.getObject(i, LocalDateTime.class);
            case "timestamp" -> dialect.equals("postgresql")
                    ? (rs.getObject(i, OffsetDateTime.class) == null ? null : rs.getObject(i, OffsetDateTime.class).toInstant())
                    : (rs.getTimestamp(i) == null ? null : rs.getTimestamp(i).toInstant());
            default -> {
                if (type instanceof DecimalType d) {
                    BigDecimal b = rs.getBigDecimal(i);
                    yield b == null ? null : b.setScale(d.scale(), RoundingMode.UNNECESSARY);
                }
                throw new IllegalArgumentException("no reader for " + type);
            }
        };
        return rs.wasNull() ? null : v;
    }

    /** The nightly scenarios' source: partner 1..n and client 1..2n, two clients per partner. */
    public static void partnersWithClients(TestDatabase db, int n) throws SQLException {
        db.execute("CREATE TABLE partner (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL)",
                "CREATE TABLE client (id INTEGER PRIMARY KEY, partner_id INTEGER NOT NULL REFERENCES partner (id), note VARCHAR(40))");
        StringJoiner p = new StringJoiner(", ");
        StringJoiner c = new StringJoiner(", ");
        for (int i = 1; i <= n; i++) {
            p.add("(" + i + ", 'partner " + i + "')");
            c.add("(" + (2 * i - 1) + ", " + i + ", 'a')");
            c.add("(" + (2 * i) + ", " + i + ", 'b')");
        }
        db.execute("INSERT INTO partner VALUES " + p, "INSERT INTO client VALUES " + c);
    }
}

package io.rowback.dialect;

import io.rowback.catalog.Column;
import io.rowback.catalog.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Defaults shared by the dialects: standard SQL where the databases agree. */
public abstract class AbstractDialect implements Dialect, Cloneable {
    private static final long serialVersionUID = 1L;

    private String schema;

    @Override
    public String schema() {
        return schema;
    }

    @Override
    public Dialect withSchema(String schema) {
        try {
            AbstractDialect copy = (AbstractDialect) clone();
            copy.schema = schema == null || schema.isEmpty() ? null : schema;
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String qualifiedTable(String table) {
        return qualified(schema, table);
    }

    @Override
    public String driverUrl(String url) {
        return url;
    }

    @Override
    public Map<String, String> connectionProperties() {
        return Map.of();
    }

    @Override
    public String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public String qualified(String schema, String table) {
        return schema == null || schema.isEmpty() ? quote(table) : quote(schema) + "." + quote(table);
    }

    @Override
    public String readFrom(String schema, Table table) {
        return qualified(schema, table.name());
    }

    @Override
    public String readExpression(Column column) {
        return column.storedAsText() ? "CAST(" + quote(column.name()) + " AS VARCHAR)" : quote(column.name());
    }

    @Override
    public String literal(Object value, Column column) {
        if (value == null) {
            return "NULL";
        }
        if (column != null && column.storedAsText()) {
            return textStoredLiteral(value.toString(), column);
        }
        if (value instanceof String s) {
            return string(s);
        }
        if (value instanceof Boolean b) {
            return bool(b);
        }
        if (value instanceof byte[] bytes) {
            return binary(bytes);
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Double d) {
            return doubleLiteral(d);
        }
        if (value instanceof Float f) {
            return floatLiteral(f);
        }
        if (value instanceof Number n) {
            return n.toString();
        }
        if (value instanceof LocalDate d) {
            return date(d);
        }
        if (value instanceof LocalDateTime t) {
            return timestamp(t);
        }
        if (value instanceof Instant i) {
            return instant(i);
        }
        if (value instanceof java.sql.Date d) {
            return date(d.toLocalDate());
        }
        if (value instanceof java.sql.Timestamp t) {
            return instant(t.toInstant());
        }
        throw new IllegalArgumentException("no SQL literal for a " + value.getClass().getName() + " in column " + (column == null ? "?" : column.name()));
    }

    @Override
    public String sameValue(Column column, Object value) {
        return value == null ? quote(column.name()) + " IS NULL"
                : quote(column.name()) + " IS NOT DISTINCT FROM " + literal(value, column);
    }

    /** A string in the database's standard form: quotes doubled. */
    @Override
    public String textLiteral(String text) {
        return string(text);
    }

    protected String string(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    protected String bool(boolean b) {
        return b ? "TRUE" : "FALSE";
    }

    protected String binary(byte[] bytes) {
        return "X'" + HexFormat.of().withUpperCase().formatHex(bytes) + "'";
    }

    /** Shortest decimal that reads back as the same double. */
    protected String doubleLiteral(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(d + " has no literal in " + name());
        }
        return Double.toString(d);
    }

    /** The float's exact value: read as a double and narrowed, it gives back the same float. */
    protected String floatLiteral(float f) {
        if (Float.isNaN(f) || Float.isInfinite(f)) {
            throw new IllegalArgumentException(f + " has no literal in " + name());
        }
        return new BigDecimal(f).toString();
    }

    protected String date(LocalDate d) {
        return "DATE '" + day(d) + "'";
    }

    /** yyyy-MM-dd, with more year digits when needed and no sign (java.time writes +10000). */
    protected static String day(LocalDate d) {
        return String.format("%04d-%02d-%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    }

    protected String timestamp(LocalDateTime t) {
        return "TIMESTAMP '" + wallClock(t) + "'";
    }

    protected String instant(Instant i) {
        return "TIMESTAMP WITH TIME ZONE '" + wallClock(LocalDateTime.ofInstant(i, ZoneOffset.UTC)) + "+00:00'";
    }

    /** A value kept as the database's text form. */
    protected String textStoredLiteral(String text, Column column) {
        return string(text);
    }

    /** yyyy-MM-dd HH:mm:ss with as many fraction digits as the value needs (at most 6). */
    protected static String wallClock(LocalDateTime t) {
        return day(t.toLocalDate()) + String.format(" %02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond()) + fraction(t.getNano());
    }

    protected static String fraction(int nanos) {
        if (nanos == 0) {
            return "";
        }
        String digits = String.format("%09d", nanos);
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return "." + digits.substring(0, end);
    }

    @Override
    public String beginTransaction() {
        return "START TRANSACTION";
    }

    @Override
    public String insertIfAbsent(Table table, List<String> columns, List<String> literals, List<String> keyColumns, List<String> keyLiterals) {
        return "INSERT INTO " + qualifiedTable(table.name()) + " (" + joinQuoted(columns) + ")\n  SELECT " + String.join(", ", literals)
                + fromNoTable() + " WHERE NOT EXISTS (SELECT 1 FROM " + qualifiedTable(table.name()) + " WHERE " + equalities(keyColumns, keyLiterals) + ")";
    }

    @Override
    public String insertCopy(Table table, List<String> columns, List<String> literals, String sameRow, int copy) {
        return "INSERT INTO " + qualifiedTable(table.name()) + " (" + joinQuoted(columns) + ")\n  SELECT " + String.join(", ", literals)
                + fromNoTable() + " WHERE (" + copies(table, sameRow) + ") < " + copy;
    }

    /** Standard SQL has no DELETE of one row among equal ones: one statement per database. */
    @Override
    public String deleteCopy(Table table, String sameRow, int copy) {
        return "DELETE FROM " + qualifiedTable(table.name()) + " WHERE " + sameRow + " AND (" + copies(table, sameRow) + ") >= " + copy + " LIMIT 1";
    }

    /** How many rows meet the condition. */
    protected String copies(Table table, String sameRow) {
        return "SELECT COUNT(*) FROM " + qualifiedTable(table.name()) + " WHERE " + sameRow;
    }

    /** The FROM of a SELECT without a table (MySQL's DUAL). */
    protected String fromNoTable() {
        return "";
    }

    public String joinQuoted(List<String> names) {
        StringJoiner j = new StringJoiner(", ");
        names.forEach(n -> j.add(quote(n)));
        return j.toString();
    }

    @Override
    public String equalities(List<String> columns, List<String> literals) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String lit = literals.get(i);
            parts.add(quote(columns.get(i)) + ("NULL".equals(lit) ? " IS NULL" : " = " + lit));
        }
        return String.join(" AND ", parts);
    }

    /** Generic mapping by base type name, for what the dialects do not override. */
    protected Column storeCommon(SourceColumn c) {
        String t = c.dataType();
        String spark = switch (t) {
            case "tinyint" -> "TINYINT";
            case "smallint" -> "SMALLINT";
            case "integer", "int" -> "INT";
            case "bigint" -> "BIGINT";
            case "real" -> "FLOAT";
            case "double", "double precision", "float" -> "DOUBLE";
            case "boolean" -> "BOOLEAN";
            case "date" -> "DATE";
            case "character varying", "varchar", "character", "char", "text", "clob", "character large object" -> "STRING";
            case "binary", "varbinary", "binary varying", "blob", "binary large object" -> "BINARY";
            case "timestamp" -> "TIMESTAMP_NTZ";
            case "timestamp with time zone" -> "TIMESTAMP";
            case "decimal", "numeric" -> decimal(c);
            default -> null;
        };
        return column(c, spark == null ? "STRING" : spark, spark == null);
    }

    protected static String decimal(SourceColumn c) {
        return c.precision() > 0 && c.precision() <= 38 && c.scale() >= 0 && c.scale() <= c.precision()
                ? "DECIMAL(" + c.precision() + "," + c.scale() + ")" : null;
    }

    protected static Column column(SourceColumn c, String sparkType, boolean asText) {
        return new Column(c.name(), c.position(), c.sourceType(), c.dataType(), c.nullable(), c.generated(), c.identity(),
                c.length(), sparkType, asText);
    }
}

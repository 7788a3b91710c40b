package io.rowback.dialect;

import io.rowback.catalog.Column;
import io.rowback.catalog.Table;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * PostgreSQL. Types without an exact Spark equivalent (numeric without precision, dates and
 * timestamps, interval, time, uuid, json, arrays, enums, ranges...) are kept as PostgreSQL's own text
 * and cast back on restore.
 */
public class PostgresDialect extends AbstractDialect {
    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter BC_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd 'BC'");
    private static final DateTimeFormatter BC_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public String driverClass() {
        return "org.postgresql.Driver";
    }

    /** timestamptz read as text in UTC, whatever the JVM's zone (the driver would set the session to it). */
    @Override
    public java.util.Map<String, String> connectionProperties() {
        return java.util.Map.of("options", "-c TimeZone=UTC");
    }

    /** Inheritance children (not declarative partitions) are tables of their own: read only this one's rows. */
    @Override
    public String readFrom(String schema, Table table) {
        return (table.partitioned() ? "" : "ONLY ") + qualified(schema, table.name());
    }

    @Override
    public String readExpression(Column column) {
        return column.storedAsText() ? quote(column.name()) + "::text" : quote(column.name());
    }

    @Override
    public Column store(SourceColumn c) {
        String t = c.dataType();
        String spark = switch (t) {
            case "smallint" -> "SMALLINT";
            case "integer" -> "INT";
            case "bigint" -> "BIGINT";
            case "numeric" -> decimal(c);
            case "real" -> "FLOAT";
            case "double precision" -> "DOUBLE";
            case "boolean" -> "BOOLEAN";
            case "text", "character varying", "character", "name", "citext", "bpchar" -> "STRING";
            case "bytea" -> "BINARY";
            // date, timestamp and timestamptz go as text: PostgreSQL's range (4713 BC to 294276 AD,
            // infinity) is wider than Spark's, and one such value would fail the whole table
            default -> null;
        };
        return column(c, spark == null ? "STRING" : spark, spark == null);
    }

    /** Values kept as text compare as text: json, xml and point have no equality operator of their own. */
    @Override
    public String sameValue(Column column, Object value) {
        if (value == null) {
            return quote(column.name()) + " IS NULL";
        }
        if (column.storedAsText()) {
            return quote(column.name()) + "::text IS NOT DISTINCT FROM " + string(value.toString());
        }
        return quote(column.name()) + " IS NOT DISTINCT FROM " + literal(value, column);
    }

    @Override
    protected String textStoredLiteral(String text, Column column) {
        return string(text) + "::" + column.sourceType();
    }

    /** Standard strings (the script sets standard_conforming_strings); E'' only to show control characters. */
    @Override
    protected String string(String s) {
        if (s.chars().noneMatch(ch -> ch < 32 && ch != '\t')) {
            return "'" + s.replace("'", "''") + "'";
        }
        StringBuilder out = new StringBuilder("E'");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("''");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(ch < 32 ? String.format("\\x%02X", (int) ch) : String.valueOf(ch));
            }
        }
        return out.append('\'').toString();
    }

    @Override
    protected String binary(byte[] bytes) {
        return "'\\x" + HexFormat.of().withUpperCase().formatHex(bytes) + "'::bytea";
    }

    @Override
    protected String doubleLiteral(double d) {
        if (d == 0 && 1 / d < 0) {
            return "'-0'::double precision"; // -0.0 alone is a numeric, which has no negative zero
        }
        if (Double.isNaN(d)) {
            return "'NaN'::double precision";
        }
        if (Double.isInfinite(d)) {
            return (d > 0 ? "'Infinity'" : "'-Infinity'") + "::double precision";
        }
        return Double.toString(d);
    }

    @Override
    protected String floatLiteral(float f) {
        if (f == 0 && 1 / f < 0) {
            return "'-0'::real";
        }
        if (Float.isNaN(f)) {
            return "'NaN'::real";
        }
        if (Float.isInfinite(f)) {
            return (f > 0 ? "'Infinity'" : "'-Infinity'") + "::real";
        }
        return super.floatLiteral(f);
    }

    /** Year 0 and before are written in the BC era: 0000-01-01 is 0001-01-01 BC. */
    @Override
    protected String date(LocalDate d) {
        return "DATE '" + (d.getYear() <= 0 ? BC_DATE.format(d) : day(d)) + "'";
    }

    @Override
    protected String timestamp(java.time.LocalDateTime t) {
        return "TIMESTAMP '" + era(t) + "'";
    }

    @Override
    protected String instant(java.time.Instant i) {
        java.time.LocalDateTime t = java.time.LocalDateTime.ofInstant(i, java.time.ZoneOffset.UTC);
        String text = era(t);
        return "TIMESTAMPTZ '" + (text.endsWith(" BC") ? text.replace(" BC", "+00 BC") : text + "+00") + "'";
    }

    /** PostgreSQL has no year 0: year 0 is 1 BC, year -1 is 2 BC (yyyy is the year of era). */
    private static String era(java.time.LocalDateTime t) {
        return t.getYear() <= 0 ? BC_SECONDS.format(t) + fraction(t.getNano()) + " BC" : wallClock(t);
    }

    @Override
    public List<String> scriptSession() {
        List<String> session = new java.util.ArrayList<>(List.of("SET client_encoding = 'UTF8'", "SET standard_conforming_strings = on",
                "SET TIME ZONE 'UTC'"));
        if (schema() != null) {
            // public after it: types and functions of extensions usually live there
            session.add("SET search_path TO " + quote(schema()) + (schema().equals("public") ? "" : ", public"));
        }
        return List.copyOf(session);
    }

    @Override
    public String beginTransaction() {
        return "BEGIN";
    }

    /** ON CONFLICT on the primary key only: a clash on any other unique key still fails, and apply reports it. */
    /** DELETE has no LIMIT: one row by its ctid. */
    @Override
    public String deleteCopy(Table table, String sameRow, int copy) {
        String t = qualifiedTable(table.name());
        return "DELETE FROM " + t + " WHERE ctid = (SELECT ctid FROM " + t + " WHERE " + sameRow + " AND (" + copies(table, sameRow) + ") >= " + copy
                + " LIMIT 1)";
    }

    @Override
    public String insertIfAbsent(Table table, List<String> columns, List<String> literals, List<String> keyColumns, List<String> keyLiterals) {
        // ON CONFLICT is refused on a table with INSERT or UPDATE rules (Sakila's payment)
        if (!table.hasPrimaryKey() || !table.primaryKey().columns().equals(keyColumns) || table.fires("RULE", "INSERT")
                || table.fires("RULE", "UPDATE")) {
            return super.insertIfAbsent(table, columns, literals, keyColumns, keyLiterals);
        }
        // GENERATED ALWAYS AS IDENTITY refuses a given id without OVERRIDING SYSTEM VALUE
        boolean identityAlways = table.columns().stream().anyMatch(Column::identity);
        return "INSERT INTO " + qualifiedTable(table.name()) + " (" + joinQuoted(columns) + ")"
                + (identityAlways ? " OVERRIDING SYSTEM VALUE" : "")
                + "\n  VALUES (" + String.join(", ", literals) + ") ON CONFLICT ("
                + keyColumns.stream().map(this::quote).collect(Collectors.joining(", ")) + ") DO NOTHING";
    }

    @Override
    public String keyBoundariesQuery(String schema, Table table, String keyColumn, long step) {
        String k = quote(keyColumn);
        return "SELECT k FROM (SELECT " + k + " AS k, ROW_NUMBER() OVER (ORDER BY " + k + ") AS rn FROM "
                + readFrom(schema, table) + ") numbered WHERE rn % " + step + " = 0 ORDER BY k";
    }

    @Override
    public CatalogReader catalogReader() {
        return new PostgresCatalogReader();
    }
}

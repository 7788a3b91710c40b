package io.rowback.dialect;

import io.rowback.catalog.Column;
import io.rowback.catalog.Table;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * MySQL, read with MariaDB Connector/J (which takes jdbc:mysql: URLs when asked to). String
 * literals escape backslashes as well as quotes, unless the server runs NO_BACKSLASH_ESCAPES
 * (a setting of the source): https://dev.mysql.com/doc/refman/8.0/en/string-literals.html
 */
public class MySqlDialect extends AbstractDialect {
    private static final long serialVersionUID = 1L;

    private final boolean noBackslashEscapes;

    public MySqlDialect(boolean noBackslashEscapes) {
        this.noBackslashEscapes = noBackslashEscapes;
    }

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public String driverClass() {
        return "org.mariadb.jdbc.Driver";
    }

    /** Connector/J 3 accepts jdbc:mysql: only with permitMysqlScheme (https://mariadb.com/kb/en/about-mariadb-connector-j/#jdbcmysql-scheme-compatibility). */
    @Override
    public String driverUrl(String url) {
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("jdbc:mysql:") && !lower.contains("permitmysqlscheme")) {
            return "jdbc:mysql:" + url.substring("jdbc:mysql:".length()) + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
        }
        if (lower.startsWith("jdbc:mariadb:")) {
            return "jdbc:mariadb:" + url.substring("jdbc:mariadb:".length());
        }
        return url;
    }

    /**
     * tinyint(1) and YEAR read as the numbers they are (not Boolean, not a Date); the session and the
     * driver both in UTC, so that TIMESTAMP values are read as the instants they are; the binary
     * protocol (server-side prepared statements), which spares parsing every date and number from
     * text: about 5% of a large table's extract.
     */
    @Override
    public Map<String, String> connectionProperties() {
        return Map.of("tinyInt1isBit", "false", "yearIsDateType", "false",
                "connectionTimeZone", "UTC", "forceConnectionTimeZoneToSession", "true", "useServerPrepStmts", "true");
    }

    public boolean noBackslashEscapes() {
        return noBackslashEscapes;
    }

    @Override
    public String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    public String readExpression(Column column) {
        String q = quote(column.name());
        if (column.dataType().equals("bit") && !column.sparkType().equals("BOOLEAN")) {
            return "CAST(" + q + " AS UNSIGNED)";
        }
        return column.storedAsText() ? "CAST(" + q + " AS CHAR)" : q;
    }

    @Override
    public Column store(SourceColumn c) {
        boolean u = c.unsigned();
        String spark = switch (c.dataType()) {
            case "tinyint" -> u ? "SMALLINT" : "TINYINT";
            case "smallint" -> u ? "INT" : "SMALLINT";
            case "mediumint" -> "INT";
            case "int", "integer" -> u ? "BIGINT" : "INT";
            case "bigint" -> u ? "DECIMAL(20,0)" : "BIGINT";
            case "decimal", "numeric" -> decimal(c);
            case "float" -> "FLOAT";
            case "double", "real" -> "DOUBLE";
            case "bit" -> c.precision() == 1 ? "BOOLEAN" : "DECIMAL(20,0)";
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set", "json" -> "STRING";
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "geometry", "point", "linestring",
                 "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection", "vector" -> "BINARY";
            case "year" -> "SMALLINT";
            // date, datetime and timestamp go as text too: zero dates ('0000-00-00', '2015-06-00') are
            // accepted by the default sql_mode, and Spark holds neither them nor a day in 1582 safely
            default -> null; // time, uuid, inet4, inet6 and what comes next: the server's text form
        };
        return column(c, spark == null ? "STRING" : spark, spark == null);
    }

    @Override
    public String literal(Object value, Column column) {
        if (value != null && column != null && column.dataType().equals("bit")) {
            return value instanceof Boolean b ? (b ? "b'1'" : "b'0'") : value.toString();
        }
        return super.literal(value, column);
    }

    /** MySQL reads the table it deletes from only through a derived table, which it materializes first. */
    @Override
    public String deleteCopy(Table table, String sameRow, int copy) {
        String t = qualifiedTable(table.name());
        return "DELETE FROM " + t + " WHERE " + sameRow + " AND (SELECT n FROM (SELECT COUNT(*) AS n FROM " + t + " WHERE " + sameRow
                + ") AS rb_copies) >= " + copy + " LIMIT 1";
    }

    /** {@code <=>} is MySQL's NULL-safe equality; a JSON column (MySQL 8) compares with JSON, not text. */
    @Override
    public String sameValue(Column column, Object value) {
        if (value == null) {
            return quote(column.name()) + " IS NULL";
        }
        String lit = literal(value, column);
        return quote(column.name()) + " <=> " + (column.dataType().equals("json") ? "CAST(" + lit + " AS JSON)" : lit);
    }

    @Override
    protected String textStoredLiteral(String text, Column column) {
        return column.dataType().equals("decimal") || column.dataType().equals("numeric") ? text : string(text);
    }

    @Override
    protected String string(String s) {
        if (noBackslashEscapes) {
            if (s.chars().anyMatch(ch -> ch == 0 || ch == 26)) {
                // no escape can write NUL or ^Z in this mode; a hex literal with a charset introducer can
                return "_utf8mb4 X'" + HexFormat.of().withUpperCase().formatHex(s.getBytes(StandardCharsets.UTF_8)) + "'";
            }
            return "'" + s.replace("'", "''") + "'";
        }
        StringBuilder out = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("''");
                case 0 -> out.append("\\0");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case 26 -> out.append("\\Z");
                default -> out.append(ch);
            }
        }
        return out.append('\'').toString();
    }

    @Override
    protected String bool(boolean b) {
        return b ? "1" : "0";
    }

    /** TIMESTAMP columns: the script runs with time_zone '+00:00', so the UTC wall clock is the instant. */
    @Override
    protected String instant(Instant i) {
        return "TIMESTAMP '" + wallClock(LocalDateTime.ofInstant(i, ZoneOffset.UTC)) + "'";
    }

    @Override
    public List<String> scriptSession() {
        String mode = noBackslashEscapes
                ? "SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')"
                : "SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES', '')";
        return schema() == null ? List.of("SET NAMES utf8mb4", "SET time_zone = '+00:00'", mode)
                : List.of("SET NAMES utf8mb4", "SET time_zone = '+00:00'", mode, "USE " + quote(schema()));
    }

    /** A cycle of NOT NULL references can be inserted only with the checks off: https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html#foreign-key-checks */
    @Override
    public java.util.Optional<String> foreignKeyChecks(boolean on) {
        return java.util.Optional.of("SET FOREIGN_KEY_CHECKS = " + (on ? 1 : 0));
    }

    @Override
    public String scriptOptions() {
        return " backslash-escapes=" + (noBackslashEscapes ? "off" : "on");
    }

    @Override
    protected String fromNoTable() {
        return " FROM DUAL";
    }

    @Override
    public String keyBoundariesQuery(String schema, Table table, String keyColumn, long step) {
        String k = quote(keyColumn);
        return "SELECT k FROM (SELECT " + k + " AS k, ROW_NUMBER() OVER (ORDER BY " + k + ") AS rn FROM "
                + qualified(schema, table.name()) + ") numbered WHERE MOD(rn, " + step + ") = 0 ORDER BY k";
    }

    @Override
    public CatalogReader catalogReader() {
        return new MySqlCatalogReader();
    }
}

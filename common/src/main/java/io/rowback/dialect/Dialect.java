package io.rowback.dialect;

import io.rowback.catalog.Column;
import io.rowback.catalog.Table;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Everything that differs between the databases rowback reads and writes back to. Every identifier
 * of generated SQL goes through {@link #quote}, every value through {@link #literal}. One small class
 * per database overrides only what differs from {@link AbstractDialect}.
 */
public interface Dialect extends Serializable {

    /** mariadb, mysql, postgresql or h2. */
    String name();

    /** The URL handed to the driver (some need an option to accept it). */
    String driverUrl(String url);

    String driverClass();

    /** Driver options for extraction: types read as stored, no client-side time zone shift. */
    Map<String, String> connectionProperties();

    /** An identifier, quoted, with its own quote character escaped. */
    String quote(String identifier);

    /** schema.table, quoted; without schema when the connection's default is meant. */
    String qualified(String schema, String table);

    /** The schema (PostgreSQL) or database (MySQL) the source is configured with; null for the connection's default. */
    String schema();

    /** The same dialect for a source configured with this schema (null: the connection's default). */
    Dialect withSchema(String schema);

    /**
     * A table of the source, for a restore script: {@code "app"."cust"} when the source has a
     * configured schema, each part quoted; the table alone otherwise.
     */
    String qualifiedTable(String table);

    /** The FROM clause that reads exactly the rows of this table (no inheritance children twice). */
    String readFrom(String schema, Table table);

    /** The expression that reads a column in the form {@link Column#sparkType()} stores. */
    String readExpression(Column column);

    /** How a source column is stored: the Spark type, and whether as the database's own text. */
    Column store(SourceColumn column);

    /** A value read back from Delta (Java types of Spark's Row with the Java 8 time API) as a SQL literal. */
    String literal(Object value, Column column);

    /**
     * A condition that holds when the column holds exactly this value, NULL included: the guard that
     * keeps a script from touching a row that changed since its snapshot.
     */
    String sameValue(Column column, Object value);

    /**
     * Statements that start a restore script: session settings that make its literals mean what they
     * say, and (where a schema is configured) the schema its names resolve in: PostgreSQL's
     * search_path, MySQL's USE.
     */
    List<String> scriptSession();

    String beginTransaction();

    /** A text value as a literal (a snapshot id, a name), quoted and escaped. */
    String textLiteral(String text);

    /** {@code a = 1 AND b = 'x'} for literals made by {@link #literal}; a NULL compares with IS NULL. */
    String equalities(List<String> columns, List<String> literals);

    /**
     * An INSERT of one row that does nothing when a row with the same primary key exists, and fails
     * (so that apply reports it) on any other unique key.
     */
    String insertIfAbsent(Table table, List<String> columns, List<String> literals, List<String> keyColumns, List<String> keyLiterals);

    /**
     * An INSERT of one copy of a row of a table without primary key, only where fewer than {@code copy}
     * rows meet {@code sameRow} (a NULL-safe comparison of every column).
     */
    String insertCopy(Table table, List<String> columns, List<String> literals, String sameRow, int copy);

    /** A DELETE of exactly one row that meets {@code sameRow}, only where at least {@code copy} rows do. */
    String deleteCopy(Table table, String sameRow, int copy);

    /** A query of one value, 1 when at least {@code copy} rows of the table meet {@code sameRow} (0 when not). */
    default String copiesProbe(String table, String sameRow, int copy) {
        return "SELECT CASE WHEN (SELECT COUNT(*) FROM " + qualifiedTable(table) + " WHERE " + sameRow + ") >= " + copy + " THEN 1 ELSE 0 END";
    }

    /**
     * The statement that turns the checking of foreign keys off or on for the session, where the database
     * has one (MySQL's FOREIGN_KEY_CHECKS); empty where every reference is checked at once.
     */
    default java.util.Optional<String> foreignKeyChecks(boolean on) {
        return java.util.Optional.empty();
    }

    /** What a script's marker line says beyond the dialect's name, for the splitter of apply (MySQL: backslash escapes). */
    default String scriptOptions() {
        return "";
    }

    /** A query of one row and one column, 1 when a row of {@code table} meets {@code condition} (0 when not). */
    default String existsProbe(String table, String condition) {
        return "SELECT CASE WHEN EXISTS (SELECT 1 FROM " + qualifiedTable(table) + " WHERE " + condition + ") THEN 1 ELSE 0 END";
    }

    /** Key ranges for a large table: the boundaries at every {@code step}-th key, computed by the database. */
    String keyBoundariesQuery(String schema, Table table, String keyColumn, long step);

    /** The catalog of a schema, read in few queries. */
    CatalogReader catalogReader();
}

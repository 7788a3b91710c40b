package io.rowback.config;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One database rowback keeps a history of.
 *
 * @param schema             PostgreSQL schema (default public); for MySQL/MariaDB the database of the URL
 * @param naturalKeys        per table, columns that identify a row besides the keys the database declares
 * @param references         references the database does not declare
 * @param maxRowDrop         reconcile refuses a table whose rows fell by more than this share between two dates
 * @param noBackslashEscapes MySQL/MariaDB only: the server runs with NO_BACKSLASH_ESCAPES, so restore
 *                           scripts must not escape backslashes
 */
public record SourceConfig(String name, String url, String user, Secret password, String schema, TableFilter tables,
                           Map<String, List<String>> naturalKeys, List<ReferenceSpec> references, double maxRowDrop,
                           boolean noBackslashEscapes, boolean restoreNulledReferences) implements Serializable {
    public static final double DEFAULT_MAX_ROW_DROP = 0.5;

    /** A source that leaves references a person nulled as they are (restoreNulledReferences off). */
    public SourceConfig(String name, String url, String user, Secret password, String schema, TableFilter tables,
                        Map<String, List<String>> naturalKeys, List<ReferenceSpec> references, double maxRowDrop, boolean noBackslashEscapes) {
        this(name, url, user, password, schema, tables, naturalKeys, references, maxRowDrop, noBackslashEscapes, false);
    }

    public SourceConfig {
        Map<String, List<String>> keys = new java.util.LinkedHashMap<>();
        naturalKeys.forEach((table, columns) -> keys.put(table, List.copyOf(columns)));
        naturalKeys = java.util.Collections.unmodifiableMap(keys);
        references = List.copyOf(references);
    }

    @Override
    public String toString() {
        return "SourceConfig[" + name + ", " + io.rowback.errors.Errors.redact(url) + ", user=" + user + ", password=" + password + "]";
    }
}

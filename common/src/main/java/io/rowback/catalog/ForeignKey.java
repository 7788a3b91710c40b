package io.rowback.catalog;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reference from {@code columns} of {@code table} to {@code refColumns} of {@code refTable}, in key
 * order. A configured generic reference adds {@code conditions}: only rows whose columns hold those
 * values point at the target (Django's content type). {@code declared} tells a foreign key of the
 * database from one of the configuration. {@code onDelete} is the declared delete rule ({@link #SET_NULL},
 * CASCADE, RESTRICT, NO ACTION, SET DEFAULT), null when unknown (a configured reference, an old catalog).
 */
public record ForeignKey(String name, String table, List<String> columns, String refTable, List<String> refColumns,
                         Map<String, String> conditions, boolean declared, String onDelete) implements Serializable {
    public static final String SET_NULL = "SET NULL";

    public ForeignKey {
        columns = List.copyOf(columns);
        refColumns = List.copyOf(refColumns);
        conditions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(conditions));
    }

    /** A reference whose delete rule is not known. */
    public ForeignKey(String name, String table, List<String> columns, String refTable, List<String> refColumns,
                      Map<String, String> conditions, boolean declared) {
        this(name, table, columns, refTable, refColumns, conditions, declared, null);
    }

    /** Declared ON DELETE SET NULL: deleting the parent nulls the reference. */
    public boolean setsNullOnDelete() {
        return declared && SET_NULL.equals(onDelete);
    }

    public boolean isSelfReference() {
        return table.equals(refTable);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(table).append('.');
        if (columns.size() == 1 && conditions.isEmpty()) {
            s.append(columns.get(0));
        } else {
            s.append('(');
            conditions.forEach((k, v) -> s.append(k).append(" = ").append(v).append(", "));
            s.append(String.join(", ", columns)).append(')');
        }
        s.append(" -> ").append(refTable).append('.');
        s.append(refColumns.size() == 1 ? refColumns.get(0) : "(" + String.join(", ", refColumns) + ")");
        return s.toString();
    }
}

package io.rowback.dialect;

import io.rowback.catalog.Catalog;
import io.rowback.catalog.Column;
import io.rowback.catalog.ForeignKey;
import io.rowback.catalog.Key;
import io.rowback.catalog.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the rows of the catalog queries (tables, columns, key columns in order, foreign key
 * columns in order) and builds the immutable catalog. Rows for tables not listed are ignored.
 */
final class CatalogAssembler {
    private record TableInfo(String name, boolean partitioned, long estimatedRows) {
    }

    private record KeyInfo(String name, boolean primary, List<String> columns) {
    }

    private record ForeignKeyInfo(String name, List<String> columns, String refTable, List<String> refColumns, String[] onDelete) {
    }

    private final Dialect dialect;
    private final Map<String, TableInfo> tables = new LinkedHashMap<>();
    private final Map<String, List<Column>> columns = new LinkedHashMap<>();
    private final Map<String, Map<String, KeyInfo>> keys = new LinkedHashMap<>();
    private final Map<String, Map<String, ForeignKeyInfo>> foreignKeys = new LinkedHashMap<>();
    private final Map<String, List<String>> triggers = new LinkedHashMap<>();
    private final Map<String, Map<String, Object[]>> traits = new LinkedHashMap<>();
    private final Map<String, java.util.Set<String>> autoUpdated = new LinkedHashMap<>();
    private final List<String> views = new ArrayList<>();

    CatalogAssembler(Dialect dialect) {
        this.dialect = dialect;
    }

    void table(String name, boolean partitioned, long estimatedRows) {
        tables.put(name, new TableInfo(name, partitioned, estimatedRows));
    }

    /** A view (or materialized view): not snapshotted, only named in the catalog. */
    void view(String name) {
        views.add(name);
    }

    void column(String table, SourceColumn column) {
        if (tables.containsKey(table)) {
            columns.computeIfAbsent(table, t -> new ArrayList<>()).add(dialect.store(column));
        }
    }

    /** How the database compares a column's values (null: exactly), and whether an INSERT may leave it out. */
    void traits(String table, String column, String collation, boolean hasDefault) {
        traits.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(column, new Object[]{collation, hasDefault});
    }

    /** The server sets this column on every UPDATE (ON UPDATE CURRENT_TIMESTAMP, a BEFORE UPDATE trigger). */
    void autoUpdated(String table, String column) {
        autoUpdated.computeIfAbsent(table, t -> new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER)).add(column);
    }

    /** Columns a BEFORE UPDATE trigger's body assigns ({@code SET NEW.x = ...}, {@code NEW.x := ...}). */
    void autoUpdatedByTrigger(String table, String body) {
        if (body == null) {
            return;
        }
        java.util.regex.Matcher m = NEW_ASSIGNMENT.matcher(body);
        while (m.find()) {
            autoUpdated(table, m.group(1) != null ? m.group(1) : m.group(2));
        }
    }

    private static final java.util.regex.Pattern NEW_ASSIGNMENT = java.util.regex.Pattern.compile(
            "(?i)\\bNEW\\s*\\.\\s*(?:[`\"]([^`\"]+)[`\"]|(\\w+))\\s*:?=(?!=)");

    /** One column of a key; call in key order. */
    void keyColumn(String table, String keyName, boolean primary, String column) {
        if (tables.containsKey(table)) {
            keys.computeIfAbsent(table, t -> new LinkedHashMap<>())
                    .computeIfAbsent(keyName, k -> new KeyInfo(keyName, primary, new ArrayList<>())).columns().add(column);
        }
    }

    /** One column pair of a foreign key; call in key order. */
    void foreignKeyColumn(String table, String name, String column, String refTable, String refColumn) {
        foreignKeyColumn(table, name, column, refTable, refColumn, null);
    }

    /** As {@link #foreignKeyColumn(String, String, String, String, String)}, with the delete rule (null: unknown). */
    void foreignKeyColumn(String table, String name, String column, String refTable, String refColumn, String onDelete) {
        if (tables.containsKey(table) && tables.containsKey(refTable)) {
            ForeignKeyInfo fk = foreignKeys.computeIfAbsent(table, t -> new LinkedHashMap<>())
                    .computeIfAbsent(name, n -> new ForeignKeyInfo(name, new ArrayList<>(), refTable, new ArrayList<>(), new String[]{onDelete}));
            fk.columns().add(column);
            fk.refColumns().add(refColumn);
        }
    }

    /** A trigger or rule: timing BEFORE, AFTER, INSTEAD OF or RULE; event INSERT, UPDATE or DELETE. */
    void trigger(String table, String timing, String event, String name) {
        if (tables.containsKey(table)) {
            triggers.computeIfAbsent(table, t -> new ArrayList<>()).add(timing + " " + event + " " + name);
        }
    }

    Catalog build() {
        List<Table> out = new ArrayList<>();
        for (TableInfo t : tables.values()) {
            Key primary = null;
            List<Key> unique = new ArrayList<>();
            for (KeyInfo k : keys.getOrDefault(t.name(), Map.of()).values()) {
                if (k.primary() && primary == null) {
                    primary = new Key(k.name(), k.columns());
                } else if (unique.stream().noneMatch(u -> u.columns().equals(k.columns()))) {
                    unique.add(new Key(k.name(), k.columns()));
                }
            }
            Key pk = primary;
            unique.removeIf(u -> pk != null && u.columns().equals(pk.columns()));
            List<ForeignKey> fks = new ArrayList<>();
            for (ForeignKeyInfo f : foreignKeys.getOrDefault(t.name(), Map.of()).values()) {
                fks.add(new ForeignKey(f.name(), t.name(), f.columns(), f.refTable(), f.refColumns(), Map.of(), true, f.onDelete()[0]));
            }
            List<Column> cols = new ArrayList<>();
            Map<String, Object[]> tableTraits = traits.getOrDefault(t.name(), Map.of());
            java.util.Set<String> updated = autoUpdated.getOrDefault(t.name(), java.util.Set.of());
            for (Column c : columns.getOrDefault(t.name(), List.of())) {
                Object[] tr = tableTraits.get(c.name());
                cols.add(tr == null && !updated.contains(c.name()) ? c
                        : c.withTraits(tr == null ? null : (String) tr[0], tr == null || (Boolean) tr[1], updated.contains(c.name())));
            }
            out.add(new Table(t.name(), t.partitioned(), t.estimatedRows(), cols, primary, unique, fks,
                    triggers.getOrDefault(t.name(), List.of())));
        }
        return new Catalog(out, views);
    }
}

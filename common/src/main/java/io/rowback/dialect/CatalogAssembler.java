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

    private record ForeignKeyInfo(String name, List<String> columns, String refTable, List<String> refColumns) {
    }

    private final Dialect dialect;
    private final Map<String, TableInfo> tables = new LinkedHashMap<>();
    private final Map<String, List<Column>> columns = new LinkedHashMap<>();
    private final Map<String, Map<String, KeyInfo>> keys = new LinkedHashMap<>();
    private final Map<String, Map<String, ForeignKeyInfo>> foreignKeys = new LinkedHashMap<>();
    private final Map<String, List<String>> triggers = new LinkedHashMap<>();
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

    /** One column of a key; call in key order. */
    void keyColumn(String table, String keyName, boolean primary, String column) {
        if (tables.containsKey(table)) {
            keys.computeIfAbsent(table, t -> new LinkedHashMap<>())
                    .computeIfAbsent(keyName, k -> new KeyInfo(keyName, primary, new ArrayList<>())).columns().add(column);
        }
    }

    /** One column pair of a foreign key; call in key order. */
    void foreignKeyColumn(String table, String name, String column, String refTable, String refColumn) {
        if (tables.containsKey(table) && tables.containsKey(refTable)) {
            ForeignKeyInfo fk = foreignKeys.computeIfAbsent(table, t -> new LinkedHashMap<>())
                    .computeIfAbsent(name, n -> new ForeignKeyInfo(name, new ArrayList<>(), refTable, new ArrayList<>()));
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
                fks.add(new ForeignKey(f.name(), t.name(), f.columns(), f.refTable(), f.refColumns(), Map.of(), true));
            }
            List<Column> cols = columns.getOrDefault(t.name(), List.of());
            out.add(new Table(t.name(), t.partitioned(), t.estimatedRows(), cols, primary, unique, fks,
                    triggers.getOrDefault(t.name(), List.of())));
        }
        return new Catalog(out, views);
    }
}

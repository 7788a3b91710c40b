package io.rowback.catalog;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The base tables of one source on one date, by name, and the names of its views (not snapshotted:
 * known only so that a view asked for by name can be told from a table that does not exist).
 */
public final class Catalog implements Serializable {
    private final Map<String, Table> tables;
    private final List<String> views;

    public Catalog(List<Table> tables) {
        this(tables, List.of());
    }

    public Catalog(List<Table> tables, List<String> views) {
        Map<String, Table> byName = new LinkedHashMap<>();
        tables.stream().sorted(java.util.Comparator.comparing(Table::name)).forEach(t -> byName.put(t.name(), t));
        this.tables = java.util.Collections.unmodifiableMap(byName);
        this.views = views.stream().sorted().distinct().toList();
    }

    /** The views of the schema; empty in catalogs written before views were recorded. */
    public List<String> views() {
        return views;
    }

    /** The view of that name (exact, else in any letter case), as the database spells it. */
    public Optional<String> view(String name) {
        if (views.contains(name)) {
            return Optional.of(name);
        }
        return views.stream().filter(v -> v.equalsIgnoreCase(name)).findFirst();
    }

    public List<Table> tables() {
        return List.copyOf(tables.values());
    }

    public Optional<Table> table(String name) {
        Table exact = tables.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        return tables.values().stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    public List<String> names() {
        return List.copyOf(tables.keySet());
    }

    public int size() {
        return tables.size();
    }
}

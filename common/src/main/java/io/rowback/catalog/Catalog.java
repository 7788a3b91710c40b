package io.rowback.catalog;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The base tables of one source on one date, by name. */
public final class Catalog implements Serializable {
    private final Map<String, Table> tables;

    public Catalog(List<Table> tables) {
        Map<String, Table> byName = new LinkedHashMap<>();
        tables.stream().sorted(java.util.Comparator.comparing(Table::name)).forEach(t -> byName.put(t.name(), t));
        this.tables = java.util.Collections.unmodifiableMap(byName);
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

package io.rowback.catalog;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * A base table of the source on one date.
 *
 * @param partitioned   PostgreSQL partitioned parent: read through the parent, never per partition
 * @param estimatedRows the database's own estimate, used to plan the extract (-1 when unknown)
 * @param primaryKey    null when the table has none
 * @param triggers      what fires on a change: "BEFORE INSERT name", "AFTER UPDATE name", "RULE INSERT name"
 */
public record Table(String name, boolean partitioned, long estimatedRows, List<Column> columns, Key primaryKey,
                    List<Key> uniqueKeys, List<ForeignKey> foreignKeys, List<String> triggers) implements Serializable {
    public Table {
        columns = List.copyOf(columns);
        uniqueKeys = List.copyOf(uniqueKeys);
        foreignKeys = List.copyOf(foreignKeys);
        triggers = List.copyOf(triggers);
    }

    public Table(String name, boolean partitioned, long estimatedRows, List<Column> columns, Key primaryKey, List<Key> uniqueKeys,
                 List<ForeignKey> foreignKeys) {
        this(name, partitioned, estimatedRows, columns, primaryKey, uniqueKeys, foreignKeys, List.of());
    }

    /** A trigger or rule fires on this kind of change (INSERT, UPDATE, DELETE); {@code timing} BEFORE, AFTER or RULE, or null for any. */
    public boolean fires(String timing, String event) {
        return triggers.stream().anyMatch(t -> (timing == null || t.startsWith(timing + " ")) && t.contains(" " + event + " "));
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                .or(() -> columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst());
    }

    public boolean hasPrimaryKey() {
        return primaryKey != null && !primaryKey.columns().isEmpty();
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    public Table withForeignKeys(List<ForeignKey> fks) {
        return new Table(name, partitioned, estimatedRows, columns, primaryKey, uniqueKeys, fks, triggers);
    }

    public Table withUniqueKeys(List<Key> keys) {
        return new Table(name, partitioned, estimatedRows, columns, primaryKey, keys, foreignKeys, triggers);
    }
}

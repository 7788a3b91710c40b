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
 */
public record Table(String name, boolean partitioned, long estimatedRows, List<Column> columns, Key primaryKey,
                    List<Key> uniqueKeys, List<ForeignKey> foreignKeys) implements Serializable {
    public Table {
        columns = List.copyOf(columns);
        uniqueKeys = List.copyOf(uniqueKeys);
        foreignKeys = List.copyOf(foreignKeys);
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
        return new Table(name, partitioned, estimatedRows, columns, primaryKey, uniqueKeys, fks);
    }

    public Table withUniqueKeys(List<Key> keys) {
        return new Table(name, partitioned, estimatedRows, columns, primaryKey, keys, foreignKeys);
    }
}

package io.rowback.catalog;

import java.io.Serializable;
import java.util.List;

/** A primary, unique or natural key: its columns in key order. */
public record Key(String name, List<String> columns) implements Serializable {
    public Key {
        columns = List.copyOf(columns);
    }
}

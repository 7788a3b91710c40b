package io.rowback.config;

import java.io.Serializable;

/**
 * How the snapshot job reads: tables extracted at once, rows per JDBC round trip, and the size of
 * the key ranges a large table is split into.
 */
public record SnapshotSettings(int parallelTables, int fetchSize, long rowsPerPartition) implements Serializable {
    public static final SnapshotSettings DEFAULTS = new SnapshotSettings(6, 10_000, 1_000_000);
}

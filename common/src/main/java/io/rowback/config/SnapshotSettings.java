package io.rowback.config;

import java.io.Serializable;

/**
 * How the snapshot job reads: tables extracted at once, rows per JDBC round trip, the size of the
 * key ranges a large table is split into, whether every table is read at one instant, and how often
 * a table whose extraction failed is tried again.
 */
public record SnapshotSettings(int parallelTables, int fetchSize, long rowsPerPartition, Consistency consistency,
                               int retries, int retryBackoffSeconds) implements Serializable {
    public static final SnapshotSettings DEFAULTS = new SnapshotSettings(6, 10_000, 1_000_000, Consistency.AUTO, 2, 5);

    /** {@code snapshot.consistency}. */
    public enum Consistency {
        /** one instant where the database allows it (MariaDB: the lock, else lock-free), else per table with a warning */
        AUTO("auto"),
        /** one instant, or the snapshot does not run */
        CONSISTENT("consistent"),
        /** each table in its own transaction at its own moment */
        PER_TABLE("per-table"),
        /**
         * MariaDB/MySQL without the lock: one instant when every connection's snapshot shows the same
         * binlog position (tried a few times), else per table with a warning
         */
        LOCK_FREE("lock-free");

        private final String text;

        Consistency(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public static Consistency parse(String s) {
            for (Consistency c : values()) {
                if (c.text.equals(s)) {
                    return c;
                }
            }
            return null;
        }
    }

    public SnapshotSettings(int parallelTables, int fetchSize, long rowsPerPartition) {
        this(parallelTables, fetchSize, rowsPerPartition, DEFAULTS.consistency, DEFAULTS.retries, DEFAULTS.retryBackoffSeconds);
    }

    public SnapshotSettings withConsistency(Consistency c) {
        return new SnapshotSettings(parallelTables, fetchSize, rowsPerPartition, c, retries, retryBackoffSeconds);
    }

    public SnapshotSettings withRetries(int retries, int retryBackoffSeconds) {
        return new SnapshotSettings(parallelTables, fetchSize, rowsPerPartition, consistency, retries, retryBackoffSeconds);
    }
}

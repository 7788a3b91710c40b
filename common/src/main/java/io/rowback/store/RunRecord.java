package io.rowback.store;

import java.io.Serializable;
import java.time.LocalDate;

/**
 * The outcome of extracting one table on one snapshot date, and, once compared, what changed since
 * the previous complete date ({@code changes} null when there was nothing to compare with).
 */
public record RunRecord(LocalDate date, String table, boolean succeeded, long rows, long bytes, double seconds, String error,
                        Changes changes) implements Serializable {
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    /** Rows of the table that vanished, appeared and changed since an earlier date ({@code changed} -1: no key to tell). */
    public record Changes(LocalDate since, long vanished, long appeared, long changed) implements Serializable {
    }

    public RunRecord(LocalDate date, String table, boolean succeeded, long rows, long bytes, double seconds, String error) {
        this(date, table, succeeded, rows, bytes, seconds, error, null);
    }

    public RunRecord withChanges(Changes c) {
        return new RunRecord(date, table, succeeded, rows, bytes, seconds, error, c);
    }

    public String status() {
        return succeeded ? SUCCEEDED : FAILED;
    }
}

package io.rowback.store;

import java.io.Serializable;
import java.time.LocalDate;

/** The outcome of extracting one table on one snapshot date. */
public record RunRecord(LocalDate date, String table, boolean succeeded, long rows, long bytes, double seconds, String error)
        implements Serializable {
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    public String status() {
        return succeeded ? SUCCEEDED : FAILED;
    }
}

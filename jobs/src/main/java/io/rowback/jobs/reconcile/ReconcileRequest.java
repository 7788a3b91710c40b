package io.rowback.jobs.reconcile;

import io.rowback.config.SourceConfig;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * @param allowIncomplete read a date whose snapshot did not finish for every table
 * @param allowDrop       read tables whose row count fell to zero or by more than maxRowDrop
 */
public record ReconcileRequest(SourceConfig source, String warehouse, LocalDate from, LocalDate to, List<String> roots, Path out,
                               boolean allowIncomplete, boolean allowDrop) {
    public ReconcileRequest {
        roots = List.copyOf(roots);
    }
}

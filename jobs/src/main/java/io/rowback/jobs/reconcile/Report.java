package io.rowback.jobs.reconcile;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What reconcile found and what its scripts do, built once: report.json is this record as Jackson
 * writes it, report.md and report.html render it, and {@code trace --report} reads it back. One
 * record per section; a new section is a new component (old reports read it as null).
 *
 * <p>Row values are JSON's: strings, booleans, Long for whole numbers, BigDecimal for the others
 * ({@link ReconcileReport#jsonValue}), so that a report reads back equal to the one written.
 */
public record Report(String source, String from, String to, List<String> roots, String written, List<String> snapshotDates,
                     long deletedRoots, List<Series> series, Map<String, TableCounts> tables, List<Remap> remaps,
                     List<Conflict> conflicts, List<Dangling> dangling, CutReferences cutReferences, Script script, List<String> warnings) {

    /** Roots last seen on one date and missing from the next. */
    public record Series(int series, String lastSeen, String firstMissing, long roots) {
    }

    /** Rows of one table per outcome, and how many restore.sql inserts. */
    public record TableCounts(long vanished, long restore, long heldBack, long dangling, long inserted) {
    }

    /** A unique or natural key and its values, in key order. */
    public record Key(String name, List<String> columns, List<Object> values) {
        public String text() {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                s.append(i == 0 ? "" : ", ").append(columns.get(i)).append(" = ").append(i < values.size() ? values.get(i) : null);
            }
            return s.toString();
        }
    }

    /** A re-created row of {@code table} that restore.sql remaps to the original; keyColumns name the key values (null in older reports). */
    public record Remap(String table, List<String> family, List<Object> recreatedKey, List<Object> originalKey, Map<String, Object> recreated,
                        Map<String, Object> original, List<Key> keys, List<String> keyColumns) {
    }

    /** A vanished row whose key another row, older than the incident, holds now: nothing done. */
    public record Conflict(String table, List<Object> vanishedKey, List<Object> holderKey, Key key, String reason, Map<String, Object> vanished,
                           Map<String, Object> holderBefore, Map<String, Object> holderAfter, List<Map<String, Object>> holderHistory,
                           List<String> keyColumns) {
    }

    /** {@code customer_id = 11}: key values as a person reads them, by column where the report names the columns. */
    public static String keyText(List<String> columns, List<Object> values) {
        if (values == null || values.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            s.append(i == 0 ? "" : ", ");
            if (columns != null && i < columns.size()) {
                s.append(columns.get(i)).append(" = ");
            }
            s.append(values.get(i));
        }
        return s.toString();
    }

    /** Rows still there on D2 that point at a vanished row. */
    public record Dangling(String reference, boolean declared, long rows, List<Map<String, Object>> sample) {
    }

    /**
     * What applying restore.sql does: totals, and per table the rows it inserts, repoints and deletes
     * (null in a report written before the per-table counts).
     */
    public record Script(long freedKeys, long repointed, long deletedRecreated, long relinked, Map<String, Applied> perTable) {
    }

    /**
     * Children present on both dates whose reference was non-null on D1 and is NULL on D2, to a row that
     * vanished: set back where ON DELETE SET NULL cut them; nulled by hand, set back only when configured
     * (null in a report written before these were found).
     */
    public record CutReferences(long onDeleteSetNull, long nulledByHand, long nulledByHandSetBack, List<CutReference> references) {
    }

    /** One reference's cut links: who cut them (ON DELETE SET NULL, or hand) and whether restore.sql sets them back. */
    public record CutReference(String reference, boolean declared, String onDelete, String cutBy, long rows, boolean setBack) {
    }

    /** Rows of one table that restore.sql inserts, repoints at an original, and deletes (re-created rows), and keys it frees. */
    public record Applied(long inserted, long repointed, long deleted, long freedKeys) {
        public long total() {
            return inserted + repointed + deleted;
        }
    }

    static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(DeserializationFeature.USE_LONG_FOR_INTS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public void write(Path file) throws IOException {
        mapper().writeValue(file.toFile(), this);
    }

    /** A report.json as reconcile wrote it; an IOException for a file that is not JSON or not a report. */
    public static Report read(Path file) throws IOException {
        Report r = mapper().readValue(file.toFile(), Report.class);
        if (r == null || r.source() == null || r.from() == null || r.to() == null || r.remaps() == null || r.conflicts() == null) {
            throw new IOException("it has no source, from, to, remaps and conflicts");
        }
        return r;
    }
}

package io.rowback.jobs.references;

import java.time.LocalDate;
import java.util.List;

/**
 * A reference the database does not declare and the configuration does not name, with its evidence.
 *
 * @param reference  the configuration's string form, e.g. {@code notes_note.(owner_type_id = 42, owner_id) -> pcsw_client.person_ptr_id}
 * @param whereColumn the type column of a generic or polymorphic reference (null for a plain one)
 * @param whereValue  its value: a content type id, a class name
 * @param mapping     how the target was found: "content type 42 = pcsw.client -> pcsw_client", "'Post' -> posts (Rails/Laravel convention)"
 * @param pasteReady  every date's coverage at least --min-coverage; otherwise only "possible"
 * @param matched     distinct (date, value) pairs found in the target, out of {@code values}
 * @param worstCoverage the lowest coverage of a single date (a date without any match counts 0)
 * @param targetRows  distinct values of the target key on its last date
 * @param others      other keys that hold all values too (an inheritance chain), with their rows
 * @param unmatched   a few values the target does not hold
 * @param evidence    why the containment is not chance (a name, or how unlikely it is by luck), or why it is only
 *                    "possible" although every date is covered; null when coverage alone decided
 */
public record Suggestion(Kind kind, String reference, String table, String column, String whereColumn, String whereValue,
                         String refTable, String refColumn, String mapping, boolean pasteReady, long matched, long values,
                         double worstCoverage, LocalDate worstDate, int dates, LocalDate firstDate, LocalDate lastDate,
                         long targetRows, List<String> others, List<String> unmatched, String evidence) {
    public enum Kind { DJANGO_GENERIC, POLYMORPHIC, PLAIN }

    public Suggestion {
        others = List.copyOf(others);
        unmatched = List.copyOf(unmatched);
    }

    public double coverage() {
        return values == 0 ? 0 : (double) matched / values;
    }

    public Suggestion withUnmatched(List<String> values) {
        return new Suggestion(kind, reference, this.table, column, whereColumn, whereValue, refTable, refColumn, mapping, pasteReady,
                matched, this.values, worstCoverage, worstDate, dates, firstDate, lastDate, targetRows, others, values, evidence);
    }
}

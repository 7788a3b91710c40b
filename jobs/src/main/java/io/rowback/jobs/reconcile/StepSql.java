package io.rowback.jobs.reconcile;

import io.rowback.catalog.Column;
import io.rowback.catalog.Table;
import io.rowback.dialect.Dialect;
import io.rowback.jobs.script.Step.Statement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The statements of the steps, for one dialect: every identifier through {@link Dialect#quote}, every
 * value through {@link Dialect#literal}. No Spark and no database: rows are maps of column to value.
 *
 * <p>Guards compare the columns a person could have changed. Columns the server sets on every UPDATE
 * ({@link Column#autoUpdated()}) are left out of every guard: the script's own earlier statements change
 * them. Every UPDATE sets them to themselves, which keeps MySQL's ON UPDATE CURRENT_TIMESTAMP from firing
 * (https://dev.mysql.com/doc/refman/8.0/en/timestamp-initialization.html), so that undo gives back the
 * values they had.
 */
final class StepSql {
    private final Dialect d;

    StepSql(Dialect dialect) {
        this.d = dialect;
    }

    Dialect dialect() {
        return d;
    }

    String table(Table t) {
        return d.qualifiedTable(t.name());
    }

    /** identity columns = their values. */
    String identity(Table t, Map<String, Object> row) {
        List<String> cols = Keys.identity(t);
        return d.equalities(cols, cols.stream().map(c -> d.literal(row.get(c), t.column(c).orElseThrow())).toList());
    }

    /**
     * The row holds these values in every column a person could have changed; {@code override} gives other
     * values for some columns (null: IS NULL), {@code skip} leaves columns out.
     */
    String sameRow(Table t, Map<String, Object> row, Map<String, Object> override, Set<String> skip) {
        List<String> parts = new ArrayList<>();
        for (Column c : t.columns()) {
            if (c.generated() || c.autoUpdated() || skip.contains(c.name()) || !row.containsKey(c.name()) && !override.containsKey(c.name())) {
                continue;
            }
            Object v = override.containsKey(c.name()) ? override.get(c.name()) : row.get(c.name());
            parts.add(d.sameValue(c, v));
        }
        return parts.isEmpty() ? identity(t, row) : String.join(" AND ", parts);
    }

    /** SET a = x, b = y, and every auto-updated column to itself. */
    String assignments(Table t, Map<String, Object> values) {
        List<String> out = new ArrayList<>();
        values.forEach((c, v) -> out.add(d.quote(c) + " = " + (v == null ? "NULL" : d.literal(v, t.column(c).orElseThrow()))));
        for (Column c : t.columns()) {
            if (c.autoUpdated() && !c.generated() && !values.containsKey(c.name())) {
                out.add(d.quote(c.name()) + " = " + d.quote(c.name()));
            }
        }
        return String.join(", ", out);
    }

    String exists(Table t, String condition) {
        return d.existsProbe(t.name(), condition);
    }

    String notExists(Table t, String condition) {
        return "SELECT 1 - (" + d.existsProbe(t.name(), condition) + ")";
    }

    /** An INSERT of a row where its key is free; {@code nulled} columns go in as NULL. */
    Statement insert(Table into, Map<String, Object> row, Set<String> nulled, boolean countKnown) {
        List<String> cols = new ArrayList<>();
        List<String> lits = new ArrayList<>();
        Map<String, Object> expected = new LinkedHashMap<>();
        for (Column c : into.columns()) {
            if (c.generated() || !row.containsKey(c.name())) {
                continue;
            }
            cols.add(c.name());
            boolean nul = nulled.contains(c.name());
            lits.add(nul ? "NULL" : d.literal(row.get(c.name()), c));
            expected.put(c.name(), nul ? null : row.get(c.name()));
        }
        List<String> keyCols = Keys.identity(into);
        List<String> keyLits = keyCols.stream().map(k -> d.literal(row.get(k), into.column(k).orElseThrow())).toList();
        String sql = d.insertIfAbsent(into, cols, lits, keyCols, keyLits);
        // done: the row is there as this insert writes it (a row of someone else's under the same key is not)
        String done = exists(into, identity(into, row) + " AND " + sameRow(into, expected, Map.of(), nulled));
        return new Statement(sql, countKnown ? 1 : Statement.ANY, done);
    }

    /** A DELETE of exactly the row an insert wrote ({@code nulled} columns still NULL). */
    Statement deleteInserted(Table t, Map<String, Object> row, Set<String> nulled) {
        Map<String, Object> override = new LinkedHashMap<>();
        nulled.forEach(c -> override.put(c, null));
        String sql = "DELETE FROM " + table(t) + " WHERE " + identity(t, row) + " AND " + sameRow(t, row, override, Set.of());
        return new Statement(sql, 1, notExists(t, identity(t, row)));
    }

    /**
     * The insert of the k-th copy of a row of a table without primary key: only where fewer than k copies
     * are there. Done when k copies are.
     */
    Statement insertCopy(Table into, Map<String, Object> row, int copy, boolean countKnown) {
        List<String> cols = new ArrayList<>();
        List<String> lits = new ArrayList<>();
        for (Column c : into.columns()) {
            if (!c.generated() && row.containsKey(c.name())) {
                cols.add(c.name());
                lits.add(d.literal(row.get(c.name()), c));
            }
        }
        String same = sameRow(into, row, Map.of(), Set.of());
        return new Statement(d.insertCopy(into, cols, lits, same, copy), countKnown ? 1 : Statement.ANY, d.copiesProbe(into.name(), same, copy));
    }

    /** The delete of one copy of the row, where at least k copies are: undoes {@link #insertCopy}. */
    Statement deleteCopy(Table t, Map<String, Object> row, int copy) {
        String same = sameRow(t, row, Map.of(), Set.of());
        return new Statement(d.deleteCopy(t, same, copy), 1, "SELECT 1 - (" + d.copiesProbe(t.name(), same, copy) + ")");
    }

    /** UPDATE of some columns of one row, guarded by their current values. */
    Statement update(Table t, Map<String, Object> keyRow, Map<String, Object> now, Map<String, Object> then) {
        Map<String, Object> guardValues = new LinkedHashMap<>(now);
        String guard = identity(t, keyRow) + " AND " + sameColumns(t, guardValues);
        String sql = "UPDATE " + table(t) + " SET " + assignments(t, then) + " WHERE " + guard;
        String done = exists(t, identity(t, keyRow) + " AND " + sameColumns(t, then));
        return new Statement(sql, 1, done);
    }

    String sameColumns(Table t, Map<String, Object> values) {
        List<String> parts = new ArrayList<>();
        values.forEach((c, v) -> parts.add(d.sameValue(t.column(c).orElseThrow(), v)));
        return String.join(" AND ", parts);
    }

    /** The values of the row's identity, in key order: what a reference to it holds. */
    static List<Object> identityValues(Table t, Map<String, Object> row) {
        List<Object> out = new ArrayList<>();
        for (String c : Keys.identity(t)) {
            out.add(row.get(c));
        }
        return out;
    }

    /** A text that is the same for equal key values whatever their Java type (an INT reference to a BIGINT key). */
    static String canonical(String table, List<Object> values) {
        StringBuilder b = new StringBuilder(table);
        for (Object v : values) {
            b.append('\u0001');
            if (v instanceof Number n && !(v instanceof Double) && !(v instanceof Float)) {
                b.append(new java.math.BigDecimal(n.toString()).stripTrailingZeros().toPlainString());
            } else if (v instanceof byte[] bytes) {
                b.append(java.util.HexFormat.of().formatHex(bytes));
            } else {
                b.append(v);
            }
        }
        return b.toString();
    }
}

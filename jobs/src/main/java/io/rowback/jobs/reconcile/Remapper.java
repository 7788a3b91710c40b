package io.rowback.jobs.reconcile;

import io.rowback.catalog.Column;
import io.rowback.catalog.Key;
import io.rowback.catalog.Table;
import io.rowback.dialect.Collations;
import io.rowback.graph.ReferenceGraph;
import io.rowback.store.SnapshotReader;
import io.rowback.store.WarehouseLayout;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;

/**
 * Rows to restore whose unique or natural key is held on D2 by another row. If that row did not
 * exist on D1 it is a re-creation of the vanished one (the client read again from its ID card):
 * its id is remapped to the original. If it existed on D1 with another key and has taken this one
 * since, it is a conflict: nothing is done automatically, and both rows and the key's history go
 * into the report.
 */
final class Remapper {
    /** A key of a row: columns and their values, in key order. */
    record KeyValue(String keyName, List<String> columns, List<Object> values) {
        String text() {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                parts.add(columns.get(i) + " = " + values.get(i));
            }
            return String.join(", ", parts);
        }
    }

    /** The re-created row {@code newKey} of {@code table} becomes the original {@code origKey}. */
    record Remap(String table, String newKey, String origKey, List<KeyValue> keys, Map<String, Object> original,
                 Map<String, Object> recreated) {
    }

    /** {@code holderKey}, a row that existed on D1, holds on D2 a key that the vanished {@code origKey} had. */
    record Conflict(String table, String origKey, String holderKey, KeyValue key, String reason, Map<String, Object> original,
                    Map<String, Object> holderBefore, Map<String, Object> holderAfter, List<Map<String, Object>> holderHistory) {
    }

    record Result(List<Remap> remaps, List<Conflict> conflicts) {
    }

    private final ReferenceGraph graph;
    private final Map<String, TableVersions> tables;
    private final SnapshotReader reader;
    private final LocalDate from;
    private final LocalDate to;

    Remapper(ReferenceGraph graph, Map<String, TableVersions> tables, SnapshotReader reader, LocalDate from, LocalDate to) {
        this.graph = graph;
        this.tables = tables;
        this.reader = reader;
        this.from = from;
        this.to = to;
    }

    Result find(Dataset<Row> restore) {
        Map<String, Remap> remaps = new LinkedHashMap<>();
        List<Conflict> conflicts = new ArrayList<>();
        for (String t : Closure.tablesOf(restore)) {
            TableVersions tv = tables.get(t);
            if (tv.after == null) {
                continue;
            }
            Dataset<Row> mine = restore.where(col(Keys.TABLE).equalTo(t)).select(col(Keys.KEY));
            Dataset<Row> vanished = tv.vanished().join(mine, tv.vanished().col(Keys.KEY).equalTo(mine.col(Keys.KEY)), "left_semi");
            for (Key k : graph.identifyingKeys(t)) {
                if (!k.columns().stream().allMatch(c -> tv.after.column(c).isPresent())) {
                    continue;
                }
                List<Row> matches = matches(tv, vanished, k);
                if (matches.isEmpty()) {
                    continue;
                }
                Set<String> holders = new TreeSet<>();
                matches.forEach(m -> holders.add(m.getString(1)));
                Set<String> existed = keysIn(tv.atFrom(), holders);
                Map<String, Map<String, Object>> originals = rows(vanished, keysOf(matches, 0));
                Map<String, Map<String, Object>> holdersAfter = rows(tv.atTo(), holders);
                Map<String, Map<String, Object>> holdersBefore = rows(tv.atFrom(), existed);
                for (Row m : matches) {
                    String orig = m.getString(0);
                    String holder = m.getString(1);
                    List<Object> values = new ArrayList<>();
                    for (int i = 0; i < k.columns().size(); i++) {
                        values.add(m.get(2 + i));
                    }
                    KeyValue kv = new KeyValue(k.name(), k.columns(), values);
                    if (existed.contains(holder)) {
                        conflicts.add(new Conflict(t, orig, holder, kv, "which existed on " + from + " with another key and has taken this one since",
                                originals.get(orig), holdersBefore.get(holder), holdersAfter.get(holder), history(tv, holder, k)));
                    } else {
                        Remap r = remaps.get(t + " " + holder);
                        if (r == null) {
                            r = new Remap(t, holder, orig, new ArrayList<>(), originals.get(orig), holdersAfter.get(holder));
                            remaps.put(t + " " + holder, r);
                        }
                        if (r.origKey().equals(orig)) {
                            r.keys().add(kv);
                        } else {
                            conflicts.add(new Conflict(t, orig, holder, kv, "which holds keys of two vanished rows", originals.get(orig), null, holdersAfter.get(holder), List.of()));
                        }
                    }
                }
            }
        }
        List<Remap> freeable = new ArrayList<>();
        for (Remap r : remaps.values()) {
            String why = freeing(tables.get(r.table()).after, r).refusal();
            if (why == null) {
                freeable.add(r);
            } else {
                conflicts.add(new Conflict(r.table(), r.origKey(), r.newKey(), r.keys().get(0), why, r.original(), null, r.recreated(), List.of()));
            }
        }
        return new Result(freeable, conflicts);
    }

    /**
     * How a re-created row's keys are freed for the original: only keys a unique index enforces need it (a
     * natural key of the configuration that nothing enforces can be held by two rows for a moment). A
     * nullable column of the key is set to NULL; otherwise a text column gets a placeholder no row holds.
     *
     * @param values  column to the value it takes while the original goes back (null: NULL)
     * @param refusal why the key cannot be freed, or null
     */
    record Freeing(Map<String, Object> values, String refusal) {
    }

    static Freeing freeing(Table after, Remap r) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (KeyValue kv : r.keys()) {
            if (!enforced(after, kv.columns())) {
                continue;
            }
            String chosen = null;
            Object value = null;
            for (String c : kv.columns()) {
                if (after.column(c).orElseThrow().nullable()) {
                    chosen = after.column(c).orElseThrow().name();
                    break;
                }
            }
            if (chosen == null) {
                for (String c : kv.columns()) {
                    Column col = after.column(c).orElseThrow();
                    String placeholder = placeholder(col, r);
                    if (placeholder != null) {
                        chosen = col.name();
                        value = placeholder;
                        break;
                    }
                }
            }
            if (chosen == null) {
                return new Freeing(Map.of(), "a re-creation, but its key " + kv.columns() + " is enforced by the unique index " + kv.keyName()
                        + ", NOT NULL and not text, so no placeholder can hold it while the original goes back; remap it by hand");
            }
            values.put(chosen, value);
        }
        return new Freeing(values, null);
    }

    /** A unique index or constraint of the database holds these columns (not only the configuration's naturalKeys). */
    static boolean enforced(Table t, List<String> columns) {
        Set<String> wanted = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        wanted.addAll(columns);
        if (t.hasPrimaryKey() && sameSet(t.primaryKey().columns(), wanted)) {
            return true;
        }
        return t.uniqueKeys().stream().anyMatch(k -> sameSet(k.columns(), wanted));
    }

    private static boolean sameSet(List<String> a, Set<String> b) {
        Set<String> s = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        s.addAll(a);
        return s.equals(b);
    }

    /** A value no row holds, for a NOT NULL text column while its key is freed; null when the column takes none. */
    static String placeholder(Column c, Remap r) {
        String type = c.dataType();
        if (!(type.contains("char") || type.contains("text"))) {
            return null;
        }
        String hash = String.format("%08x", (r.table() + " " + r.newKey()).hashCode());
        String full = "~rowback-freed-" + hash;
        if (c.length() < 0 || c.length() >= full.length()) {
            return full;
        }
        return c.length() >= 8 ? "~rb" + hash.substring(0, Math.min(8, c.length() - 3)) : null;
    }

    /** (orig key, holder key, key values...) for vanished rows whose key a row of D2 holds. */
    private List<Row> matches(TableVersions tv, Dataset<Row> vanished, Key k) {
        Dataset<Row> a = vanished;
        for (String c : k.columns()) {
            a = a.where(col(SnapshotReader.quoted(c)).isNotNull());
        }
        a = a.select(withKey(k, Keys.KEY, "o_"));
        Dataset<Row> b = tv.atTo().select(withKey(k, Keys.KEY, "h_"));
        org.apache.spark.sql.Column on = null;
        for (int i = 0; i < k.columns().size(); i++) {
            // keys compare as the database compares them today: 'Anna@X.org' is 'anna@x.org' under a _ci collation
            Column c = tv.after.column(k.columns().get(i)).orElseThrow();
            Collations folding = Collations.of(c.collation());
            org.apache.spark.sql.Column eq;
            if (folding.exact() || !c.sparkType().equals("STRING")) {
                eq = a.col("o_" + i).equalTo(b.col("h_" + i));
            } else {
                org.apache.spark.sql.expressions.UserDefinedFunction fold = org.apache.spark.sql.functions.udf(
                        (org.apache.spark.sql.api.java.UDF1<String, String>) folding::fold, org.apache.spark.sql.types.DataTypes.StringType);
                eq = fold.apply(a.col("o_" + i)).equalTo(fold.apply(b.col("h_" + i)));
            }
            on = on == null ? eq : on.and(eq);
        }
        List<org.apache.spark.sql.Column> out = new ArrayList<>(List.of(a.col("o_key"), b.col("h_key")));
        for (int i = 0; i < k.columns().size(); i++) {
            out.add(a.col("o_" + i));
        }
        return a.join(b, on).select(out.toArray(new org.apache.spark.sql.Column[0])).collectAsList();
    }

    private static org.apache.spark.sql.Column[] withKey(Key k, String keyColumn, String prefix) {
        List<org.apache.spark.sql.Column> cols = new ArrayList<>(List.of(col(keyColumn).as(prefix + "key")));
        for (int i = 0; i < k.columns().size(); i++) {
            cols.add(col(SnapshotReader.quoted(k.columns().get(i))).as(prefix + i));
        }
        return cols.toArray(new org.apache.spark.sql.Column[0]);
    }

    private static Set<String> keysOf(List<Row> rows, int field) {
        Set<String> out = new TreeSet<>();
        rows.forEach(r -> out.add(r.getString(field)));
        return out;
    }

    private static Set<String> keysIn(Dataset<Row> rows, Set<String> keys) {
        return new TreeSet<>(rows.where(col(Keys.KEY).isin(keys.toArray())).select(Keys.KEY)
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    }

    /** Whole rows by key (the few rows a remap or a conflict is about). */
    static Map<String, Map<String, Object>> rows(Dataset<Row> rows, Set<String> keys) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        for (Row r : rows.where(col(Keys.KEY).isin(keys.toArray())).collectAsList()) {
            out.put(r.getAs(Keys.KEY), values(r));
        }
        return out;
    }

    static Map<String, Object> values(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String f : r.schema().fieldNames()) {
            if (!f.equals(Keys.KEY) && !f.equals(Keys.COPY)) {
                m.put(f, r.getAs(f));
            }
        }
        return m;
    }

    /** The key's value in the holder row on each date from D1 to D2. */
    private List<Map<String, Object>> history(TableVersions tv, String holder, Key k) {
        List<String> cols = new ArrayList<>(Keys.identity(tv.before));
        k.columns().stream().filter(c -> !cols.contains(c)).forEach(cols::add);
        Dataset<Row> all = reader.between(tv.name(), cols, from, to);
        all = all.withColumn(Keys.KEY, Keys.of(Keys.identity(tv.before))).where(col(Keys.KEY).equalTo(holder))
                .orderBy(WarehouseLayout.DATE_COLUMN);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : all.collectAsList()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(WarehouseLayout.DATE_COLUMN, r.getAs(WarehouseLayout.DATE_COLUMN));
            for (String c : k.columns()) {
                m.put(c, r.getAs(c));
            }
            out.add(m);
        }
        return out;
    }
}

package io.rowback.jobs.reconcile;

import io.rowback.catalog.Column;
import io.rowback.catalog.Key;
import io.rowback.catalog.Table;
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
            String why = unfreeable(r);
            if (why == null) {
                freeable.add(r);
            } else {
                conflicts.add(new Conflict(r.table(), r.origKey(), r.newKey(), r.keys().get(0), why, r.original(), null, r.recreated(), List.of()));
            }
        }
        return new Result(freeable, conflicts);
    }

    /** Null when every key column the re-created row holds can be set to NULL for a moment; otherwise why not. */
    private String unfreeable(Remap r) {
        Table t = tables.get(r.table()).after;
        for (KeyValue kv : r.keys()) {
            for (String c : kv.columns()) {
                Column col = t.column(c).orElseThrow();
                if (!col.nullable()) {
                    return "a re-creation, but its key is in a NOT NULL column that cannot be freed for the original";
                }
            }
        }
        return null;
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
            org.apache.spark.sql.Column eq = a.col("o_" + i).equalTo(b.col("h_" + i));
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
            if (!f.equals(Keys.KEY) && !f.equals(WarehouseLayout.DATE_COLUMN)) {
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

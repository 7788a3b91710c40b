package io.rowback.jobs.reconcile;

import io.rowback.catalog.Column;
import io.rowback.catalog.ForeignKey;
import io.rowback.catalog.Table;
import io.rowback.dialect.Dialect;
import io.rowback.dialect.MySqlDialect;
import io.rowback.errors.Errors;
import io.rowback.graph.InsertOrder;
import io.rowback.store.SnapshotReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;

/**
 * Writes restore.sql and undo.sql, in the source's dialect, to be read by a person before they run.
 *
 * <p>restore.sql, in one transaction: (1) free the keys that re-created rows hold; (2) insert the
 * vanished rows, parents first, a self-referencing table's rows parents first, a reference that
 * closes a cycle left NULL; (3) set those references; (4) point every reference at a re-created row
 * to the original instead; (5) delete the re-created rows. Every statement is guarded: an insert
 * only where the key is free, an update or delete only where the row still holds what the
 * snapshot says, so a second run changes nothing and a row changed since D2 is left alone.
 *
 * <p>undo.sql reverts exactly that, in the opposite order.
 */
final class RestoreScriptWriter {
    /** What the scripts hold. */
    record Summary(Map<String, Long> inserted, long freedKeys, long repointed, long deletedRecreated, List<String> notes) {
    }

    private record Repoint(Table table, Map<String, Object> keyValues, ForeignKey reference, List<Object> fromValues, List<Object> toValues) {
    }

    private final SparkSession spark;
    private final Plan plan;
    private final Dialect d;

    RestoreScriptWriter(SparkSession spark, Plan plan, Dialect dialect) {
        this.spark = spark;
        this.plan = plan;
        this.d = dialect;
    }

    Summary write(Path restore, Path undo) throws IOException {
        List<String> notes = new ArrayList<>();
        Set<String> tables = new TreeSet<>();
        for (String t : Closure.tablesOf(plan.restore())) {
            if (plan.tables().get(t).after != null) {
                tables.add(t);
            }
        }
        List<ForeignKey> enforced = new ArrayList<>();
        plan.after().tables().forEach(t -> enforced.addAll(t.foreignKeys()));
        InsertOrder order = InsertOrder.of(tables, enforced, f -> nullableNow(f));
        boolean checksOff = false;
        if (!order.unbreakable().isEmpty()) {
            String cycles = String.join(", ", order.unbreakable().stream().map(InsertOrder::describe).toList());
            if (!(d instanceof MySqlDialect)) {
                throw Errors.failed("cannot order the inserts: the vanished rows of " + cycles + " reference each other through NOT NULL columns"
                        + " and " + d.name() + " checks each reference at once; restore these tables by hand (or make the references DEFERRABLE)");
            }
            checksOff = true;
            notes.add("tables " + cycles + " reference each other through NOT NULL columns: their inserts run with FOREIGN_KEY_CHECKS = 0");
        }
        Map<String, Dataset<Row>> rows = rowsToInsert(tables, order);
        List<Remapper.Remap> remaps = plan.remaps().remaps();
        Map<String, List<Map<String, Object>>> recreatedRows = recreatedFamilyRows(remaps);
        List<Repoint> repoints = repoints(remaps, recreatedRows);
        List<ForeignKey> deferred = new ArrayList<>(order.deferred());

        Map<String, Long> inserted = new LinkedHashMap<>();
        try (Writer w = Files.newBufferedWriter(restore, StandardCharsets.UTF_8)) {
            header(w, "restore", notes, order);
            w.write("\n-- 1. Free the keys that re-created rows hold, so that the originals can take them back\n");
            for (Remapper.Remap r : remaps) {
                w.write(freeKey(r) + ";\n");
            }
            w.write("\n-- 2. Insert the vanished rows, parents first\n");
            if (checksOff) {
                w.write("SET FOREIGN_KEY_CHECKS = 0;\n");
            }
            for (String t : order.tables()) {
                inserted.put(t, writeInserts(w, t, rows.get(t), deferred));
            }
            if (checksOff) {
                w.write("SET FOREIGN_KEY_CHECKS = 1;\n");
            }
            for (String t : order.tables()) {
                if (plan.after().table(t).orElseThrow().fires("BEFORE", "INSERT")) {
                    w.write("\n-- " + t + " has a BEFORE INSERT trigger: set back what it changed\n");
                    writeFixUps(w, t, rows.get(t), deferred);
                }
            }
            w.write("\n-- 3. Set the references that were inserted as NULL to break a cycle\n");
            for (ForeignKey f : deferred) {
                if (rows.containsKey(f.table())) {
                    writeDeferred(w, f, rows.get(f.table()), false);
                }
            }
            w.write("\n-- 4. Point references at the original rows instead of the re-created ones\n");
            for (Repoint p : repoints) {
                w.write(repoint(p, false) + ";\n");
            }
            w.write("\n-- 5. Delete the re-created rows, children first\n");
            for (Remapper.Remap r : remaps) {
                List<String> family = familyOrder(r.table());
                for (int i = family.size() - 1; i >= 0; i--) {
                    for (Map<String, Object> row : recreatedRows.getOrDefault(r.newKey() + " " + family.get(i), List.of())) {
                        w.write(deleteGuarded(plan.after().table(family.get(i)).orElseThrow(), row, freedColumns(r, family.get(i))) + ";\n");
                    }
                }
            }
            w.write("\nCOMMIT;\n");
        }

        try (Writer w = Files.newBufferedWriter(undo, StandardCharsets.UTF_8)) {
            header(w, "undo", notes, order);
            w.write("\n-- 1. Insert the re-created rows again, parents first, without the keys the originals hold\n");
            for (Remapper.Remap r : remaps) {
                for (String f : familyOrder(r.table())) {
                    Table t = plan.after().table(f).orElseThrow();
                    Set<String> freed = freedColumns(r, f);
                    for (Map<String, Object> row : recreatedRows.getOrDefault(r.newKey() + " " + f, List.of())) {
                        Map<String, Object> values = new LinkedHashMap<>(row);
                        freed.forEach(c -> values.put(c, null));
                        w.write(insert(t, t, values, Set.of()) + ";\n");
                    }
                }
            }
            w.write("\n-- 2. Point references back at the re-created rows\n");
            for (Repoint p : repoints) {
                w.write(repoint(p, true) + ";\n");
            }
            w.write("\n-- 3. Clear the references that were set after the inserts, so that the rows can go\n");
            for (ForeignKey f : deferred) {
                if (rows.containsKey(f.table())) {
                    writeDeferred(w, f, rows.get(f.table()), true);
                }
            }
            w.write("\n-- 4. Delete the restored rows, children first, where they are as restore.sql wrote them\n");
            if (checksOff) {
                w.write("SET FOREIGN_KEY_CHECKS = 0;\n");
            }
            List<String> reversed = new ArrayList<>(order.tables());
            Collections.reverse(reversed);
            for (String t : reversed) {
                writeDeletes(w, t, rows.get(t), deferred);
            }
            if (checksOff) {
                w.write("SET FOREIGN_KEY_CHECKS = 1;\n");
            }
            w.write("\n-- 5. Give the re-created rows their keys back\n");
            for (Remapper.Remap r : remaps) {
                w.write(restoreKey(r) + ";\n");
            }
            w.write("\nCOMMIT;\n");
        }
        rows.values().forEach(Dataset::unpersist);
        long deletedRecreated = recreatedRows.values().stream().mapToLong(List::size).sum();
        return new Summary(inserted, remaps.size(), repoints.size(), deletedRecreated, notes);
    }

    private boolean nullableNow(ForeignKey f) {
        Table t = plan.after().table(f.table()).orElseThrow();
        return f.columns().stream().allMatch(c -> t.column(c).map(Column::nullable).orElse(false));
    }

    // ---- rows ----------------------------------------------------------------------------------------

    /** Per table, the D1 rows to insert, with their group and, for roots, when they went missing; cached. */
    private Map<String, Dataset<Row>> rowsToInsert(Set<String> tables, InsertOrder order) {
        Dataset<Row> groupSizes = plan.restore().groupBy(Closure.GROUP).agg(count("*").as("rb_group_rows"));
        Map<String, Dataset<Row>> out = new LinkedHashMap<>();
        for (String t : tables) {
            TableVersions tv = plan.tables().get(t);
            Dataset<Row> mine = plan.restore().where(col(Keys.TABLE).equalTo(t)).select(col(Keys.KEY).as("n_key"), col(Closure.GROUP));
            Dataset<Row> r = tv.vanished().join(mine, tv.vanished().col(Keys.KEY).equalTo(mine.col("n_key"))).drop("n_key");
            if (plan.request().roots().stream().anyMatch(x -> x.equalsIgnoreCase(t))) {
                Dataset<Row> tl = plan.timeline().where(col(Keys.TABLE).equalTo(t)).select(col(Keys.KEY).as("t_key"),
                        col(Timeline.LAST_SEEN), col(Timeline.FIRST_MISSING));
                Dataset<Row> sizes = groupSizes.withColumnRenamed(Closure.GROUP, "g_group");
                r = r.join(tl, r.col(Keys.KEY).equalTo(tl.col("t_key")), "left_outer").drop("t_key")
                        .join(sizes, r.col(Closure.GROUP).equalTo(sizes.col("g_group")), "left_outer").drop("g_group");
            }
            List<ForeignKey> self = order.selfReferences().stream().filter(f -> f.table().equals(t)).toList();
            if (!self.isEmpty()) {
                r = SelfReferenceLevels.of(r, self);
            }
            out.put(t, r.localCheckpoint());
        }
        return out;
    }

    /** Rows in insert order: parents of their own table first, then by key. */
    private Iterator<Row> ordered(String t, Dataset<Row> rows, boolean reverse) {
        List<org.apache.spark.sql.Column> by = new ArrayList<>();
        if (List.of(rows.columns()).contains(SelfReferenceLevels.LEVEL)) {
            by.add(reverse ? col(SelfReferenceLevels.LEVEL).desc_nulls_first() : col(SelfReferenceLevels.LEVEL).asc_nulls_last());
        }
        for (String c : Keys.identity(plan.before().table(t).orElseThrow())) {
            by.add(reverse ? col(SnapshotReader.quoted(c)).desc() : col(SnapshotReader.quoted(c)).asc());
        }
        // one partition: one job streams the table's rows, in order
        return rows.coalesce(1).sortWithinPartitions(by.toArray(new org.apache.spark.sql.Column[0])).toLocalIterator();
    }

    private long writeInserts(Writer w, String t, Dataset<Row> rows, List<ForeignKey> deferred) throws IOException {
        Table before = plan.before().table(t).orElseThrow();
        Table after = plan.after().table(t).orElseThrow();
        Set<String> nulled = new TreeSet<>();
        deferred.stream().filter(f -> f.table().equals(t)).forEach(f -> nulled.addAll(f.columns()));
        boolean cyclic = List.of(rows.columns()).contains(SelfReferenceLevels.LEVEL)
                && !rows.where(col(SelfReferenceLevels.LEVEL).isNull()).isEmpty();
        List<ForeignKey> selfDeferred = new ArrayList<>();
        if (cyclic) {
            for (ForeignKey f : after.foreignKeys()) {
                if (f.isSelfReference()) {
                    if (!nullableNow(f)) {
                        throw Errors.failed("cannot order the inserts into " + t + ": its vanished rows reference each other in a cycle through "
                                + f.columns() + ", which may not be NULL");
                    }
                    selfDeferred.add(f);
                }
            }
            deferred.addAll(selfDeferred);
            selfDeferred.forEach(f -> nulled.addAll(f.columns()));
        }
        long n = 0;
        w.write("\n-- " + t + "\n");
        for (Iterator<Row> it = ordered(t, rows, false); it.hasNext(); ) {
            Row r = it.next();
            if (List.of(r.schema().fieldNames()).contains(Timeline.FIRST_MISSING)) {
                w.write("-- " + t + " " + keyText(before, r) + ": " + vanishedText(r) + "\n");
            }
            w.write(insert(after, before, Remapper.values(r), nulled) + ";\n");
            n++;
        }
        return n;
    }

    /** UPDATEs that give inserted rows the snapshot's values again, after a trigger changed them. */
    private void writeFixUps(Writer w, String t, Dataset<Row> rows, List<ForeignKey> deferred) throws IOException {
        Table before = plan.before().table(t).orElseThrow();
        Table after = plan.after().table(t).orElseThrow();
        Set<String> skip = new TreeSet<>(Keys.identity(before));
        deferred.stream().filter(f -> f.table().equals(t)).forEach(f -> skip.addAll(f.columns()));
        for (Iterator<Row> it = ordered(t, rows, false); it.hasNext(); ) {
            Row r = it.next();
            List<String> assign = new ArrayList<>();
            List<String> same = new ArrayList<>();
            for (Column c : before.columns()) {
                if (!c.generated() && !skip.contains(c.name()) && after.column(c.name()).isPresent()) {
                    assign.add(d.quote(c.name()) + " = " + d.literal(r.getAs(c.name()), c));
                    same.add(d.sameValue(c, r.getAs(c.name())));
                }
            }
            if (!assign.isEmpty()) {
                // only where the row differs from the snapshot: a second run finds nothing to do
                w.write("UPDATE " + d.quote(t) + " SET " + String.join(", ", assign) + " WHERE " + where(before, r)
                        + " AND NOT (" + String.join(" AND ", same) + ");\n");
            }
        }
    }

    private String vanishedText(Row r) {
        Object last = r.getAs(Timeline.LAST_SEEN);
        Object first = r.getAs(Timeline.FIRST_MISSING);
        Object size = r.getAs("rb_group_rows");
        String when = first == null ? "missing on " + plan.request().to() : "last seen " + last + ", missing since " + first;
        return when + (size == null ? "" : "; " + size + " row" + ((Long) size == 1 ? "" : "s") + " restored with it");
    }

    private String keyText(Table t, Row r) {
        List<String> parts = new ArrayList<>();
        for (String c : Keys.identity(t)) {
            parts.add(c + " = " + r.getAs(c));
        }
        return String.join(", ", parts);
    }

    /** An INSERT of a row guarded by its key; {@code nulled} columns go in as NULL. */
    private String insert(Table into, Table valuesFrom, Map<String, Object> row, Set<String> nulled) {
        List<String> cols = new ArrayList<>();
        List<String> lits = new ArrayList<>();
        for (Column c : valuesFrom.columns()) {
            if (c.generated() || into.column(c.name()).isEmpty() || !row.containsKey(c.name())) {
                continue;
            }
            cols.add(c.name());
            lits.add(nulled.contains(c.name()) ? "NULL" : d.literal(row.get(c.name()), c));
        }
        List<String> keyCols = Keys.identity(valuesFrom);
        List<String> keyLits = keyCols.stream().map(k -> d.literal(row.get(k), valuesFrom.column(k).orElseThrow())).toList();
        return d.insertIfAbsent(into, cols, lits, keyCols, keyLits);
    }

    private void writeDeferred(Writer w, ForeignKey f, Dataset<Row> rows, boolean undo) throws IOException {
        Table before = plan.before().table(f.table()).orElseThrow();
        Dataset<Row> set = rows;
        for (String c : f.columns()) {
            set = set.where(col(SnapshotReader.quoted(c)).isNotNull());
        }
        for (Iterator<Row> it = set.toLocalIterator(); it.hasNext(); ) {
            Row r = it.next();
            List<String> assign = new ArrayList<>();
            List<String> guard = new ArrayList<>(List.of(where(before, r)));
            for (String c : f.columns()) {
                Column col = before.column(c).orElseThrow();
                assign.add(d.quote(c) + " = " + (undo ? "NULL" : d.literal(r.getAs(c), col)));
                guard.add(undo ? d.sameValue(col, r.getAs(c)) : d.quote(c) + " IS NULL");
            }
            w.write("UPDATE " + d.quote(f.table()) + " SET " + String.join(", ", assign) + " WHERE " + String.join(" AND ", guard) + ";\n");
        }
    }

    private void writeDeletes(Writer w, String t, Dataset<Row> rows, List<ForeignKey> deferred) throws IOException {
        Table before = plan.before().table(t).orElseThrow();
        Table after = plan.after().table(t).orElseThrow();
        Set<String> nulled = new TreeSet<>();
        deferred.stream().filter(f -> f.table().equals(t)).forEach(f -> nulled.addAll(f.columns()));
        w.write("\n-- " + t + "\n");
        for (Iterator<Row> it = ordered(t, rows, true); it.hasNext(); ) {
            Map<String, Object> row = Remapper.values(it.next());
            List<String> guard = new ArrayList<>();
            for (Column c : before.columns()) {
                if (!c.generated() && after.column(c.name()).isPresent() && row.containsKey(c.name())) {
                    guard.add(nulled.contains(c.name()) ? d.quote(c.name()) + " IS NULL" : d.sameValue(c, row.get(c.name())));
                }
            }
            w.write("DELETE FROM " + d.quote(t) + " WHERE " + String.join(" AND ", guard) + ";\n");
        }
    }

    private String where(Table t, Row r) {
        List<String> cols = Keys.identity(t);
        return d.equalities(cols, cols.stream().map(c -> d.literal(r.getAs(c), t.column(c).orElseThrow())).toList());
    }

    // ---- remaps --------------------------------------------------------------------------------------

    /** The tables of a remapped row's inheritance family that have snapshots, parents first. */
    private List<String> familyOrder(String table) {
        Set<String> family = new TreeSet<>();
        for (String f : plan.graph().family(table)) {
            if (plan.tables().containsKey(f) && plan.tables().get(f).after != null) {
                family.add(f);
            }
        }
        List<ForeignKey> enforced = new ArrayList<>();
        plan.after().tables().forEach(t -> enforced.addAll(t.foreignKeys()));
        return InsertOrder.of(family, enforced, f -> false).tables();
    }

    /** "newKey table" → the D2 rows of the re-created entity in each table of its family. */
    private Map<String, List<Map<String, Object>>> recreatedFamilyRows(List<Remapper.Remap> remaps) {
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        Map<String, Set<String>> keysByTable = new LinkedHashMap<>();
        for (Remapper.Remap r : remaps) {
            for (String f : familyOrder(r.table())) {
                keysByTable.computeIfAbsent(f, k -> new TreeSet<>()).add(r.newKey());
            }
        }
        keysByTable.forEach((t, keys) -> Remapper.rows(plan.tables().get(t).atTo(), keys)
                .forEach((key, row) -> out.computeIfAbsent(key + " " + t, k -> new ArrayList<>()).add(row)));
        return out;
    }

    private Set<String> freedColumns(Remapper.Remap r, String table) {
        Set<String> freed = new TreeSet<>();
        if (table.equals(r.table())) {
            r.keys().forEach(k -> freed.addAll(k.columns()));
        }
        return freed;
    }

    private String freeKey(Remapper.Remap r) {
        Table t = plan.after().table(r.table()).orElseThrow();
        List<String> assign = new ArrayList<>();
        List<String> guard = new ArrayList<>(List.of(keyEquals(t, r.recreated())));
        for (Remapper.KeyValue kv : r.keys()) {
            for (int i = 0; i < kv.columns().size(); i++) {
                Column c = t.column(kv.columns().get(i)).orElseThrow();
                assign.add(d.quote(c.name()) + " = NULL");
                guard.add(d.sameValue(c, kv.values().get(i)));
            }
        }
        return "-- " + r.table() + " " + keyText(t, r.recreated()) + " is a re-creation of " + keyText(t, r.original()) + "\n"
                + "UPDATE " + d.quote(t.name()) + " SET " + String.join(", ", new TreeSet<>(assign)) + " WHERE " + String.join(" AND ", guard);
    }

    private String restoreKey(Remapper.Remap r) {
        Table t = plan.after().table(r.table()).orElseThrow();
        List<String> assign = new ArrayList<>();
        List<String> guard = new ArrayList<>(List.of(keyEquals(t, r.recreated())));
        for (Remapper.KeyValue kv : r.keys()) {
            for (int i = 0; i < kv.columns().size(); i++) {
                Column c = t.column(kv.columns().get(i)).orElseThrow();
                assign.add(d.quote(c.name()) + " = " + d.literal(kv.values().get(i), c));
                guard.add(d.quote(c.name()) + " IS NULL");
            }
        }
        return "UPDATE " + d.quote(t.name()) + " SET " + String.join(", ", assign) + " WHERE " + String.join(" AND ", guard);
    }

    private String keyText(Table t, Map<String, Object> row) {
        List<String> parts = new ArrayList<>();
        for (String c : Keys.identity(t)) {
            parts.add(c + " = " + row.get(c));
        }
        return String.join(", ", parts);
    }

    private String keyEquals(Table t, Map<String, Object> row) {
        List<String> cols = Keys.identity(t);
        return d.equalities(cols, cols.stream().map(c -> d.literal(row.get(c), t.column(c).orElseThrow())).toList());
    }

    private String deleteGuarded(Table t, Map<String, Object> row, Set<String> freed) {
        List<String> guard = new ArrayList<>();
        for (Column c : t.columns()) {
            if (!c.generated() && row.containsKey(c.name())) {
                guard.add(freed.contains(c.name()) ? d.quote(c.name()) + " IS NULL" : d.sameValue(c, row.get(c.name())));
            }
        }
        return "DELETE FROM " + d.quote(t.name()) + " WHERE " + String.join(" AND ", guard);
    }

    /**
     * Every row on D2 whose reference points at a re-created row, with the original's key to point
     * at instead. References between the tables of the re-created entity itself are not repointed:
     * those rows are deleted.
     */
    private List<Repoint> repoints(List<Remapper.Remap> remaps, Map<String, List<Map<String, Object>>> recreatedRows) {
        List<Repoint> out = new ArrayList<>();
        if (remaps.isEmpty()) {
            return out;
        }
        List<Row> pairs = new ArrayList<>();
        Map<String, Remapper.Remap> byNewKey = new LinkedHashMap<>();
        for (Remapper.Remap r : remaps) {
            for (String f : familyOrder(r.table())) {
                pairs.add(RowFactory.create(f, r.newKey()));
                byNewKey.put(f + " " + r.newKey(), r);
            }
        }
        Dataset<Row> remapped = spark.createDataFrame(pairs, new StructType().add("m_table", DataTypes.StringType).add("m_key", DataTypes.StringType));
        for (ForeignKey f : plan.graph().references()) {
            TableVersions child = plan.tables().get(f.table());
            TableVersions parent = plan.tables().get(f.refTable());
            if (child == null || parent == null || child.after == null || !byNewKey.keySet().stream().anyMatch(k -> k.startsWith(f.refTable() + " "))
                    || !f.columns().stream().allMatch(c -> child.after.column(c).isPresent())) {
                continue;
            }
            List<String> parentKey = Keys.identity(parent.before);
            if (!new TreeSet<>(f.refColumns()).equals(new TreeSet<>(parentKey))) {
                continue;
            }
            List<String> fkInKeyOrder = new ArrayList<>();
            for (String k : parentKey) {
                fkInKeyOrder.add(f.columns().get(f.refColumns().indexOf(k)));
            }
            Dataset<Row> c = Closure.referencing(child.atTo(), f, child.after).withColumn("fk_key", Keys.of(fkInKeyOrder));
            Dataset<Row> m = remapped.where(col("m_table").equalTo(f.refTable()));
            Dataset<Row> hits = c.join(m, c.col("fk_key").equalTo(m.col("m_key")));
            boolean inheritance = plan.graph().isInheritance(f);
            for (Iterator<Row> it = hits.toLocalIterator(); it.hasNext(); ) {
                Row r = it.next();
                String newKey = r.getAs("m_key");
                if (inheritance && newKey.equals(r.getAs(Keys.KEY))) {
                    continue;
                }
                Remapper.Remap remap = byNewKey.get(f.refTable() + " " + newKey);
                Table origTable = plan.before().table(remap.table()).orElseThrow();
                List<String> origKeyCols = Keys.identity(origTable);
                List<Object> from = new ArrayList<>();
                List<Object> to = new ArrayList<>();
                for (String col : f.columns()) {
                    from.add(r.getAs(col));
                    int pos = parentKey.indexOf(f.refColumns().get(f.columns().indexOf(col)));
                    to.add(remap.original().get(origKeyCols.get(pos)));
                }
                Map<String, Object> key = new LinkedHashMap<>();
                for (String k : Keys.identity(child.after)) {
                    key.put(k, r.getAs(k));
                }
                out.add(new Repoint(child.after, key, f, from, to));
            }
        }
        return out;
    }

    private String repoint(Repoint p, boolean undo) {
        List<String> assign = new ArrayList<>();
        List<String> guard = new ArrayList<>();
        List<String> keyCols = new ArrayList<>(p.keyValues().keySet());
        guard.add(d.equalities(keyCols, keyCols.stream()
                .map(k -> d.literal(p.keyValues().get(k), p.table().column(k).orElseThrow())).toList()));
        for (int i = 0; i < p.reference().columns().size(); i++) {
            Column c = p.table().column(p.reference().columns().get(i)).orElseThrow();
            Object now = undo ? p.toValues().get(i) : p.fromValues().get(i);
            Object then = undo ? p.fromValues().get(i) : p.toValues().get(i);
            assign.add(d.quote(c.name()) + " = " + d.literal(then, c));
            guard.add(d.sameValue(c, now));
        }
        return "UPDATE " + d.quote(p.table().name()) + " SET " + String.join(", ", assign) + " WHERE " + String.join(" AND ", guard);
    }

    // ---- header --------------------------------------------------------------------------------------

    private void header(Writer w, String kind, List<String> notes, InsertOrder order) throws IOException {
        ReconcileRequest req = plan.request();
        boolean undo = kind.equals("undo");
        w.write("-- rowback " + kind + " script\n");
        w.write("-- source '" + req.source().name() + "' (" + d.name() + "), rows vanished between the snapshots of " + req.from() + " and " + req.to() + "\n");
        w.write("-- roots: " + String.join(", ", req.roots()) + "; written " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n");
        w.write(undo ? "-- Reverts exactly what restore.sql did; rows changed since are left alone.\n"
                : "-- Read it, then: rowback apply --script <this file> (a dry run that lists what would fail), then with --commit.\n");
        w.write("-- rowback:dialect=" + d.name() + (d instanceof MySqlDialect m ? " backslash-escapes=" + (m.noBackslashEscapes() ? "off" : "on") : "") + "\n");
        w.write("--\n-- Deletion series (roots missing from a snapshot that were in the one before):\n");
        for (Timeline.Series s : plan.series()) {
            w.write(String.format("--   %s .. %s: %,d%n", s.lastSeen(), s.firstMissing(), s.roots()));
        }
        w.write("--\n-- Rows per table: vanished / to restore / held back by a conflict / still there but pointing at a vanished row\n");
        plan.counts().forEach((t, c) -> {
            try {
                w.write(String.format("--   %-32s %,9d %,9d %,9d %,9d%n", t, c.vanished(), c.restore(), c.heldBack(), c.dangling()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        w.write("--\n-- Re-created rows, remapped to their original ids:" + (plan.remaps().remaps().isEmpty() ? " none" : "") + "\n");
        for (Remapper.Remap r : plan.remaps().remaps()) {
            Table t = plan.before().table(r.table()).orElseThrow();
            w.write("--   " + r.table() + " " + keyText(t, r.recreated()) + " -> " + keyText(t, r.original()) + " ("
                    + String.join("; ", r.keys().stream().map(Remapper.KeyValue::text).toList()) + ")\n");
        }
        w.write("--\n-- Conflicts, not restored (see report.md):" + (plan.remaps().conflicts().isEmpty() ? " none" : "") + "\n");
        for (Remapper.Conflict c : plan.remaps().conflicts()) {
            Table t = plan.before().table(c.table()).orElseThrow();
            String holder = c.holderAfter() == null ? c.holderKey() : keyText(t, c.holderAfter());
            w.write("--   " + c.table() + " " + keyText(t, c.original()) + " (" + c.key().text() + "): held on " + plan.request().to()
                    + " by " + holder + ", " + c.reason() + "\n");
        }
        long dangling = plan.dangling().stream().mapToLong(Plan.Dangling::rows).sum();
        w.write("--\n-- Dangling references (rows still there that point at a vanished row): " + String.format("%,d", dangling)
                + (dangling > 0 ? ", see report.md" : "") + "\n");
        if (!order.deferred().isEmpty()) {
            w.write("-- References inserted as NULL and set afterwards (cycles): "
                    + String.join(", ", order.deferred().stream().map(ForeignKey::toString).toList()) + "\n");
        }
        for (String n : plan.warnings()) {
            w.write("-- " + n + "\n");
        }
        Set<String> touched = new TreeSet<>(Closure.tablesOf(plan.restore()));
        plan.remaps().remaps().forEach(r -> touched.addAll(plan.graph().family(r.table())));
        for (String t : touched) {
            Table table = plan.after().table(t).orElse(null);
            if (table != null && !table.triggers().isEmpty()) {
                w.write("-- " + t + " has triggers or rules that fire as this script runs: " + String.join(", ", table.triggers())
                        + (table.fires("RULE", "INSERT") ? " (an INSERT rule may put the rows in another table)" : "") + "\n");
            }
        }
        for (String n : notes) {
            w.write("-- " + n + "\n");
        }
        w.write("\n");
        for (String s : d.scriptSession()) {
            w.write(s + ";\n");
        }
        w.write(d.beginTransaction() + ";\n");
    }
}

package io.rowback.jobs.reconcile;

import io.rowback.catalog.Column;
import io.rowback.catalog.ForeignKey;
import io.rowback.catalog.Table;
import io.rowback.errors.Errors;
import io.rowback.graph.InsertOrder;
import io.rowback.jobs.script.Step;
import io.rowback.store.SnapshotReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.size;

/**
 * Turns a plan into the steps of a restore, phase by phase: (1) free the keys that re-created rows hold;
 * (2) insert the vanished rows, parents first (a reference that closes a cycle left NULL), and set back
 * what BEFORE INSERT triggers changed; (3) set the references left NULL; (4) point references at the
 * originals instead of the re-created rows; (5) delete the re-created rows, children first.
 *
 * <p>Each phase gives its steps forward and, for undo.sql, the same steps in reverse order. The rows of
 * the insert phases stay in Spark and are streamed, in order, once for each direction.
 */
final class RestorePlanner {

    /** Steps of one phase: forward for restore.sql, the same steps in reverse order for undo.sql. */
    interface Phase {
        String title();

        String undoTitle();

        Iterator<Step> forward();

        Iterator<Step> backward();
    }

    /** The re-created row of a remap and how its enforced keys are freed. */
    private record RemapSteps(Remapper.Remap remap, String group, Map<String, Object> freeing) {
    }

    private final SparkSession spark;
    private final Plan plan;
    private final StepSql sql;
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Integer> inserted = new HashMap<>();
    private final Map<String, String> groupOfOriginal = new HashMap<>();
    private final Map<String, Long> insertedCounts = new LinkedHashMap<>();
    private final Map<List<String>, Long> shared = new LinkedHashMap<>();
    private static final String ALONE = "rb_alone_rows";
    private static final String SHARED = "rb_shared_rows";
    private int next = 1;
    private InsertOrder order;
    private Map<String, Dataset<Row>> rows;
    private List<RemapSteps> remaps;
    private List<Step> freeKeys;
    private List<Step> repoints;
    private List<Step> deletes;
    private List<Step> relinks;

    RestorePlanner(SparkSession spark, Plan plan, StepSql sql) {
        this.spark = spark;
        this.plan = plan;
        this.sql = sql;
    }

    List<String> notes() {
        return notes;
    }

    InsertOrder order() {
        return order;
    }

    long freedKeys() {
        return freeKeys.size();
    }

    long repointed() {
        return repoints.size();
    }

    /** References set back, known once the forward pass has run. */
    long relinked() {
        return relinks == null ? 0 : relinks.size();
    }

    long deletedRecreated() {
        return deletes.size();
    }

    /** Inserted rows per table, known once the forward pass has run. */
    Map<String, Long> insertedCounts() {
        return insertedCounts;
    }

    /** The phases, in the order of restore.sql. The steps of remaps are computed here (they are few). */
    List<Phase> phases() {
        Set<String> tables = new TreeSet<>();
        for (String t : Closure.tablesOf(plan.restore())) {
            if (plan.tables().get(t).after != null) {
                tables.add(t);
            }
        }
        List<ForeignKey> enforced = new ArrayList<>();
        plan.after().tables().forEach(t -> enforced.addAll(t.foreignKeys()));
        order = InsertOrder.of(tables, enforced, this::nullableNow);
        boolean checksOff = false;
        if (!order.unbreakable().isEmpty()) {
            String cycles = String.join(", ", order.unbreakable().stream().map(InsertOrder::describe).toList());
            if (sql.dialect().foreignKeyChecks(false).isEmpty()) {
                throw Errors.failed("cannot order the inserts: the vanished rows of " + cycles + " reference each other through NOT NULL columns"
                        + " and " + sql.dialect().name() + " checks each reference at once; restore these tables by hand (or make the references DEFERRABLE)");
            }
            checksOff = true;
            notes.add("tables " + cycles + " reference each other through NOT NULL columns: their inserts run with foreign key checks off");
        }
        rows = rowsToInsert(tables, order);
        List<ForeignKey> deferred = new ArrayList<>(order.deferred());
        deferred.addAll(selfCycles(tables));

        remaps = new ArrayList<>();
        int g = 1;
        for (Remapper.Remap r : plan.remaps().remaps()) {
            Table t = plan.after().table(r.table()).orElseThrow();
            RemapSteps rs = new RemapSteps(r, "remap-" + g++, Remapper.freeing(t, r).values());
            remaps.add(rs);
            List<Object> orig = StepSql.identityValues(plan.before().table(r.table()).orElseThrow(), r.original());
            for (String f : familyOrder(r.table())) {
                groupOfOriginal.put(StepSql.canonical(f, orig), rs.group());
            }
        }
        Map<String, List<Map<String, Object>>> recreatedRows = recreatedFamilyRows();

        List<Phase> out = new ArrayList<>();
        freeKeys = new ArrayList<>();
        for (RemapSteps rs : remaps) {
            if (!rs.freeing().isEmpty()) {
                freeKeys.add(freeKey(rs));
            }
        }
        out.add(listPhase("1. Free the unique keys that re-created rows hold, so that the originals can take them back",
                "5. Give the re-created rows their keys back", freeKeys));
        out.add(insertPhase(order, deferred, checksOff));
        List<String> triggered = order.tables().stream().filter(t -> plan.after().table(t).orElseThrow().fires("BEFORE", "INSERT")).toList();
        if (!triggered.isEmpty()) {
            out.add(fixUpPhase(triggered, deferred));
        }
        out.add(deferredPhase(deferred));
        out.add(relinkPhase());
        repoints = repoints(recreatedRows);
        out.add(listPhase("4. Point references at the original rows instead of the re-created ones",
                "2. Point references back at the re-created rows", repoints));
        deletes = new ArrayList<>();
        for (RemapSteps rs : remaps) {
            List<String> family = familyOrder(rs.remap().table());
            for (int i = family.size() - 1; i >= 0; i--) {
                String f = family.get(i);
                Table t = plan.after().table(f).orElseThrow();
                for (Map<String, Object> row : recreatedRows.getOrDefault(rs.remap().newKey() + " " + f, List.of())) {
                    Step delete = deleteRecreated(rs, t, row);
                    if (t.fires("BEFORE", "INSERT")) {
                        // undo inserts the re-created row again: set back what the trigger changes (it comes after that insert there)
                        deletes.add(undoFixUp(rs, t, row, delete.number()));
                    }
                    deletes.add(delete);
                }
            }
        }
        out.add(listPhase("5. Delete the re-created rows, children first", "1. Insert the re-created rows again, parents first, without the keys the originals hold",
                deletes));
        return out;
    }

    void release() {
        if (rows != null) {
            rows.values().forEach(Dataset::unpersist);
        }
    }

    private int number() {
        return next++;
    }

    private boolean nullableNow(ForeignKey f) {
        Table t = plan.after().table(f.table()).orElseThrow();
        return f.columns().stream().allMatch(c -> t.column(c).map(Column::nullable).orElse(false));
    }

    // ---- phases ---------------------------------------------------------------------------------------

    private static Phase listPhase(String title, String undoTitle, List<Step> steps) {
        return new Phase() {
            public String title() {
                return title;
            }

            public String undoTitle() {
                return undoTitle;
            }

            public Iterator<Step> forward() {
                return steps.iterator();
            }

            public Iterator<Step> backward() {
                List<Step> r = new ArrayList<>(steps);
                Collections.reverse(r);
                return r.iterator();
            }
        };
    }

    /** A phase whose steps come from the rows of several tables, streamed in order (backward: reverse order). */
    private abstract class RowsPhase implements Phase {
        private final List<String> tables;
        private final Map<String, Integer> numbers = new HashMap<>();

        RowsPhase(List<String> tables) {
            this.tables = tables;
        }

        /** The step of one row (number given); null for none. */
        abstract Step step(String table, Row row, int number);

        Step before(boolean forward) {
            return null;
        }

        Step after(boolean forward) {
            return null;
        }

        Dataset<Row> rowsOf(String table) {
            return rows.get(table);
        }

        public Iterator<Step> forward() {
            return iterate(tables, false);
        }

        public Iterator<Step> backward() {
            List<String> r = new ArrayList<>(tables);
            Collections.reverse(r);
            return iterate(r, true);
        }

        private Iterator<Step> iterate(List<String> order, boolean reverse) {
            List<Iterator<Step>> parts = new ArrayList<>();
            Step first = before(!reverse);
            if (first != null) {
                parts.add(List.of(first).iterator());
            }
            for (String t : order) {
                Dataset<Row> ds = rowsOf(t);
                if (ds == null) {
                    continue;
                }
                parts.add(lazy(() -> {
                    Iterator<Row> it = ordered(t, ds, reverse);
                    return new Iterator<Step>() {
                        Step pending = advance();

                        Step advance() {
                            while (it.hasNext()) {
                                Row r = it.next();
                                String id = t + "\u0002" + StepSql.canonical(t, StepSql.identityValues(plan.before().table(t).orElseThrow(), Remapper.values(r)))
                                        + copySuffix(r);
                                int n;
                                if (reverse) {
                                    Integer known = numbers.get(id);
                                    if (known == null) {
                                        throw new IllegalStateException("undo.sql is written after restore.sql: no step for " + id);
                                    }
                                    n = known;
                                } else {
                                    n = number();
                                }
                                Step s = step(t, r, n);
                                if (s != null) {
                                    if (!reverse) {
                                        numbers.put(id, n);
                                    }
                                    return s;
                                }
                                if (!reverse) {
                                    next--;
                                }
                            }
                            return null;
                        }

                        public boolean hasNext() {
                            return pending != null;
                        }

                        public Step next() {
                            Step s = pending;
                            pending = advance();
                            return s;
                        }
                    };
                }));
            }
            Step last = after(!reverse);
            if (last != null) {
                parts.add(List.of(last).iterator());
            }
            return concat(parts);
        }
    }

    private Phase insertPhase(InsertOrder order, List<ForeignKey> deferred, boolean checksOff) {
        Step off = checksOff ? session(false) : null;
        Step on = checksOff ? session(true) : null;
        Map<String, List<ParentLink>> parents = parentLinks();
        return new RowsPhase(order.tables()) {
            public String title() {
                return "2. Insert the vanished rows, parents first";
            }

            public String undoTitle() {
                return "4. Delete the restored rows, children first, where they are as restore.sql wrote them";
            }

            @Override
            Step before(boolean forward) {
                return forward ? off : on;
            }

            @Override
            Step after(boolean forward) {
                return forward ? on : off;
            }

            @Override
            Step step(String t, Row r, int n) {
                Table before = plan.before().table(t).orElseThrow();
                Table after = plan.after().table(t).orElseThrow();
                Map<String, Object> row = Remapper.values(r);
                row.keySet().retainAll(new TreeSet<>(before.columnNames()));
                row.keySet().removeIf(c -> after.column(c).isEmpty());
                Set<String> nulled = nulled(t, deferred);
                Integer copy = Keys.copy(r);
                String canonical = StepSql.canonical(t, StepSql.identityValues(before, row)) + copySuffix(r);
                List<Integer> needs = new ArrayList<>();
                for (ParentLink p : parents.getOrDefault(t, List.of())) {
                    if (nulled.containsAll(p.columns()) || !p.applies(row)) {
                        continue;
                    }
                    Integer parent = inserted.get(StepSql.canonical(p.refTable(), p.values(row)));
                    if (parent != null) {
                        needs.add(parent);
                    }
                }
                if (n > 0 && !inserted.containsKey(canonical)) {
                    inserted.put(canonical, n);
                    insertedCounts.merge(t, 1L, Long::sum);
                }
                boolean countKnown = !after.fires("RULE", "INSERT") && !after.fires("INSTEAD OF", "INSERT");
                List<String> fields = List.of(r.schema().fieldNames());
                String comment = fields.contains(Timeline.FIRST_MISSING) ? t + " " + keyText(before, row) + ": " + vanishedText(r)
                        : fields.contains(Closure.ROOTS) && r.getAs(Closure.ROOTS) != null ? t + " " + keyText(before, row) + ": " + sharedText(r) : null;
                if (copy != null) {
                    return new Step(n, Step.Kind.INSERT, t, t + " " + keyText(before, row) + " (copy " + copy + ")", null, needs, comment,
                            sql.insertCopy(after, row, copy, countKnown), sql.deleteCopy(after, row, copy));
                }
                return new Step(n, Step.Kind.INSERT, t, t + " " + keyText(before, row), groupOfOriginal.get(canonical), needs, comment,
                        sql.insert(after, row, nulled, countKnown), sql.deleteInserted(after, row, nulled));
            }
        };
    }

    private Phase fixUpPhase(List<String> tables, List<ForeignKey> deferred) {
        return new RowsPhase(tables) {
            public String title() {
                return "2b. Set back what BEFORE INSERT triggers changed in the inserted rows";
            }

            public String undoTitle() {
                return "(nothing to revert for the trigger fix-ups: the rows go)";
            }

            @Override
            public Iterator<Step> backward() {
                return Collections.emptyIterator();
            }

            @Override
            Step step(String t, Row r, int n) {
                Table before = plan.before().table(t).orElseThrow();
                Table after = plan.after().table(t).orElseThrow();
                Map<String, Object> row = Remapper.values(r);
                Set<String> skip = new TreeSet<>(Keys.identity(before));
                skip.addAll(nulled(t, deferred));
                Map<String, Object> values = new LinkedHashMap<>();
                for (Column c : after.columns()) {
                    if (!c.generated() && !c.autoUpdated() && !skip.contains(c.name()) && row.containsKey(c.name())
                            && before.column(c.name()).isPresent()) {
                        values.put(c.name(), row.get(c.name()));
                    }
                }
                if (values.isEmpty()) {
                    return null;
                }
                String same = sql.sameColumns(after, values);
                String stmt = "UPDATE " + sql.table(after) + " SET " + sql.assignments(after, values) + " WHERE " + sql.identity(after, row)
                        + " AND NOT (" + same + ")";
                Integer insert = inserted.get(StepSql.canonical(t, StepSql.identityValues(before, row)));
                return new Step(n, Step.Kind.FIX_UP, t, t + " " + keyText(before, row), groupOfOriginal.get(StepSql.canonical(t, StepSql.identityValues(before, row))),
                        insert == null ? List.of() : List.of(insert), null,
                        new Step.Statement(stmt, Step.Statement.ANY, sql.exists(after, sql.identity(after, row) + " AND " + same)), null);
            }
        };
    }

    private Phase deferredPhase(List<ForeignKey> deferred) {
        List<String> tables = new ArrayList<>();
        Map<String, ForeignKey> byName = new LinkedHashMap<>();
        for (ForeignKey f : deferred) {
            if (rows.containsKey(f.table())) {
                String name = f.table() + "\u0003" + byName.size();
                byName.put(name, f);
                tables.add(name);
            }
        }
        return new RowsPhase(tables) {
            public String title() {
                return "3. Set the references that were inserted as NULL to break a cycle";
            }

            public String undoTitle() {
                return "3. Clear the references that were set after the inserts, so that the rows can go";
            }

            @Override
            Dataset<Row> rowsOf(String name) {
                ForeignKey f = byName.get(name);
                Dataset<Row> set = rows.get(f.table());
                for (String c : f.columns()) {
                    set = set.where(col(SnapshotReader.quoted(c)).isNotNull());
                }
                return set;
            }

            @Override
            Step step(String name, Row r, int n) {
                ForeignKey f = byName.get(name);
                Table before = plan.before().table(f.table()).orElseThrow();
                Table after = plan.after().table(f.table()).orElseThrow();
                Map<String, Object> row = Remapper.values(r);
                Map<String, Object> nulls = new LinkedHashMap<>();
                Map<String, Object> values = new LinkedHashMap<>();
                for (String c : f.columns()) {
                    nulls.put(c, null);
                    values.put(c, row.get(c));
                }
                List<Integer> needs = new ArrayList<>();
                Integer self = inserted.get(StepSql.canonical(f.table(), StepSql.identityValues(before, row)));
                if (self != null) {
                    needs.add(self);
                }
                Table parent = plan.before().table(f.refTable()).orElse(null);
                if (parent != null) {
                    List<Object> refValues = new ArrayList<>();
                    for (String k : Keys.identity(parent)) {
                        int i = f.refColumns().indexOf(k);
                        refValues.add(i < 0 ? null : row.get(f.columns().get(i)));
                    }
                    Integer p = inserted.get(StepSql.canonical(f.refTable(), refValues));
                    if (p != null) {
                        needs.add(p);
                    }
                }
                String canonical = StepSql.canonical(f.table(), StepSql.identityValues(before, row));
                return new Step(n, Step.Kind.SET_DEFERRED, f.table(), f.table() + " " + keyText(before, row) + " " + f.columns(), groupOfOriginal.get(canonical), needs, null,
                        sql.update(after, row, nulls, values), sql.update(after, row, values, nulls));
            }
        };
    }

    /** Built when restore.sql reaches it: each step needs the insert of its parent, numbered by then. */
    private Phase relinkPhase() {
        return new Phase() {
            public String title() {
                return "3b. Set back the references that were cut when their parent vanished, where they are still NULL";
            }

            public String undoTitle() {
                return "3b. Clear the references set back, where they still point at the restored parent";
            }

            public Iterator<Step> forward() {
                relinks = new ArrayList<>();
                for (Relinks.Link l : plan.links().links()) {
                    relinks.add(relink(l));
                }
                return relinks.iterator();
            }

            public Iterator<Step> backward() {
                List<Step> r = new ArrayList<>(relinks == null ? List.of() : relinks);
                Collections.reverse(r);
                return r.iterator();
            }
        };
    }

    private Step relink(Relinks.Link l) {
        ForeignKey f = l.reference();
        Table after = plan.after().table(f.table()).orElseThrow();
        Map<String, Object> nulls = new LinkedHashMap<>();
        l.values().keySet().forEach(c -> nulls.put(c, null));
        List<Integer> needs = new ArrayList<>();
        Table parent = plan.before().table(f.refTable()).orElse(null);
        if (parent != null) {
            List<Object> refValues = new ArrayList<>();
            for (String k : Keys.identity(parent)) {
                int i = f.refColumns().indexOf(k);
                refValues.add(i < 0 ? null : l.values().get(f.columns().get(i)));
            }
            Integer p = inserted.get(StepSql.canonical(f.refTable(), refValues));
            if (p != null) {
                needs.add(p);
            }
        }
        String why = f.setsNullOnDelete() ? "ON DELETE SET NULL cut it" : "nulled by hand, set back as restoreNulledReferences says";
        String comment = f.table() + " " + keyText(after, l.key()) + ": " + f + " held " + l.values().values() + " on " + plan.request().from() + "; " + why;
        return new Step(number(), Step.Kind.RELINK, f.table(), f.table() + " " + keyText(after, l.key()) + " " + f.columns(), null, needs, comment,
                sql.update(after, l.key(), nulls, l.values()), sql.update(after, l.key(), l.values(), nulls));
    }

    private Step session(boolean on) {
        String fwd = sql.dialect().foreignKeyChecks(on).orElseThrow();
        String bwd = sql.dialect().foreignKeyChecks(!on).orElseThrow();
        return new Step(number(), Step.Kind.SESSION, null, null, null, List.of(), null,
                new Step.Statement(fwd, Step.Statement.UNCHECKED, null), new Step.Statement(bwd, Step.Statement.UNCHECKED, null));
    }

    // ---- remaps -----------------------------------------------------------------------------------------

    private Step freeKey(RemapSteps rs) {
        Remapper.Remap r = rs.remap();
        Table t = plan.after().table(r.table()).orElseThrow();
        Map<String, Object> row = r.recreated();
        Map<String, Object> held = new LinkedHashMap<>();
        rs.freeing().keySet().forEach(c -> held.put(c, row.get(c)));
        String guard = sql.identity(t, row) + " AND " + sql.sameRow(t, row, Map.of(), Set.of());
        String fwd = "UPDATE " + sql.table(t) + " SET " + sql.assignments(t, rs.freeing()) + " WHERE " + guard;
        // done: the re-created row no longer holds the key (freed, or already deleted by a first run)
        String done = sql.notExists(t, sql.identity(t, row) + " AND " + sql.sameColumns(t, held));
        Step.Statement back = sql.update(t, row, rs.freeing(), held);
        Table before = plan.before().table(r.table()).orElseThrow();
        String comment = r.table() + " " + keyText(t, row) + " is a re-creation of " + keyText(before, r.original())
                + " (" + String.join("; ", r.keys().stream().map(Remapper.KeyValue::text).toList()) + ")";
        return new Step(number(), Step.Kind.FREE_KEY, r.table(), r.table() + " " + keyText(t, row), rs.group(), List.of(), comment, new Step.Statement(fwd, 1, done), back);
    }

    private Step deleteRecreated(RemapSteps rs, Table t, Map<String, Object> row) {
        Map<String, Object> override = new LinkedHashMap<>();
        if (t.name().equals(rs.remap().table())) {
            override.putAll(rs.freeing());
        }
        String fwd = "DELETE FROM " + sql.table(t) + " WHERE " + sql.identity(t, row) + " AND " + sql.sameRow(t, row, override, Set.of());
        Map<String, Object> reinserted = new LinkedHashMap<>(row);
        reinserted.putAll(override);
        Step.Statement back = sql.insert(t, reinserted, Set.of(), !t.fires("RULE", "INSERT"));
        return new Step(number(), Step.Kind.DELETE_RECREATED, t.name(), t.name() + " " + keyText(t, row), rs.group(), List.of(), null,
                new Step.Statement(fwd, 1, sql.notExists(t, sql.identity(t, row))), back);
    }

    private Step undoFixUp(RemapSteps rs, Table t, Map<String, Object> row, int reinsert) {
        Map<String, Object> values = new LinkedHashMap<>();
        Set<String> identity = new TreeSet<>(Keys.identity(t));
        for (Column c : t.columns()) {
            if (!c.generated() && !c.autoUpdated() && !identity.contains(c.name()) && row.containsKey(c.name())) {
                values.put(c.name(), t.name().equals(rs.remap().table()) && rs.freeing().containsKey(c.name()) ? rs.freeing().get(c.name()) : row.get(c.name()));
            }
        }
        String same = sql.sameColumns(t, values);
        String stmt = "UPDATE " + sql.table(t) + " SET " + sql.assignments(t, values) + " WHERE " + sql.identity(t, row) + " AND NOT (" + same + ")";
        return new Step(number(), Step.Kind.FIX_UP, t.name(), t.name() + " " + keyText(t, row), rs.group(), List.of(reinsert), null, null,
                new Step.Statement(stmt, Step.Statement.ANY, sql.exists(t, sql.identity(t, row) + " AND " + same)));
    }

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
    private Map<String, List<Map<String, Object>>> recreatedFamilyRows() {
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        Map<String, Set<String>> keysByTable = new LinkedHashMap<>();
        for (RemapSteps rs : remaps) {
            for (String f : familyOrder(rs.remap().table())) {
                keysByTable.computeIfAbsent(f, k -> new TreeSet<>()).add(rs.remap().newKey());
            }
        }
        keysByTable.forEach((t, keys) -> Remapper.rows(plan.tables().get(t).atTo(), keys)
                .forEach((key, row) -> out.computeIfAbsent(key + " " + t, k -> new ArrayList<>()).add(row)));
        return out;
    }

    /**
     * Every row on D2 whose reference points at a re-created row, repointed at the original. References
     * between the tables of the re-created entity itself are not repointed: those rows are deleted.
     */
    private List<Step> repoints(Map<String, List<Map<String, Object>>> recreatedRows) {
        List<Step> out = new ArrayList<>();
        if (remaps.isEmpty()) {
            return out;
        }
        List<Row> pairs = new ArrayList<>();
        Map<String, RemapSteps> byNewKey = new LinkedHashMap<>();
        for (RemapSteps rs : remaps) {
            for (String f : familyOrder(rs.remap().table())) {
                pairs.add(RowFactory.create(f, rs.remap().newKey()));
                byNewKey.put(f + " " + rs.remap().newKey(), rs);
            }
        }
        Dataset<Row> remapped = spark.createDataFrame(pairs, new StructType().add("m_table", DataTypes.StringType).add("m_key", DataTypes.StringType));
        for (ForeignKey f : plan.graph().references()) {
            TableVersions child = plan.tables().get(f.table());
            TableVersions parent = plan.tables().get(f.refTable());
            if (child == null || parent == null || child.after == null || byNewKey.keySet().stream().noneMatch(k -> k.startsWith(f.refTable() + " "))
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
            Dataset<Row> hits = c.join(m, c.col("fk_key").equalTo(m.col("m_key"))).orderBy(Keys.KEY);
            boolean inheritance = plan.graph().isInheritance(f);
            for (Iterator<Row> it = hits.toLocalIterator(); it.hasNext(); ) {
                Row r = it.next();
                String newKey = r.getAs("m_key");
                if (inheritance && newKey.equals(r.getAs(Keys.KEY))) {
                    continue;
                }
                RemapSteps rs = byNewKey.get(f.refTable() + " " + newKey);
                Table origTable = plan.before().table(rs.remap().table()).orElseThrow();
                List<String> origKeyCols = Keys.identity(origTable);
                Map<String, Object> from = new LinkedHashMap<>();
                Map<String, Object> to = new LinkedHashMap<>();
                for (String column : f.columns()) {
                    from.put(column, r.getAs(column));
                    int pos = parentKey.indexOf(f.refColumns().get(f.columns().indexOf(column)));
                    to.put(column, rs.remap().original().get(origKeyCols.get(pos)));
                }
                Map<String, Object> key = new LinkedHashMap<>();
                for (String k : Keys.identity(child.after)) {
                    key.put(k, r.getAs(k));
                }
                List<Integer> needs = new ArrayList<>();
                Integer original = inserted.get(StepSql.canonical(f.refTable(), StepSql.identityValues(origTable, rs.remap().original())));
                if (original != null) {
                    needs.add(original);
                }
                out.add(new Step(number(), Step.Kind.REPOINT, f.table(), f.table() + " " + keyText(child.after, key) + " " + f.columns(), rs.group(), needs, null,
                        sql.update(child.after, key, from, to), sql.update(child.after, key, to, from)));
            }
        }
        return out;
    }

    // ---- rows -------------------------------------------------------------------------------------------

    private Set<String> nulled(String t, List<ForeignKey> deferred) {
        Set<String> nulled = new TreeSet<>();
        deferred.stream().filter(f -> f.table().equals(t)).forEach(f -> nulled.addAll(f.columns()));
        return nulled;
    }

    /** Self-references of tables whose vanished rows reference each other in a cycle: inserted NULL, set afterwards. */
    private List<ForeignKey> selfCycles(Set<String> tables) {
        List<ForeignKey> out = new ArrayList<>();
        for (String t : tables) {
            Dataset<Row> r = rows.get(t);
            if (!List.of(r.columns()).contains(SelfReferenceLevels.LEVEL) || r.where(col(SelfReferenceLevels.LEVEL).isNull()).isEmpty()) {
                continue;
            }
            for (ForeignKey f : plan.after().table(t).orElseThrow().foreignKeys()) {
                if (f.isSelfReference()) {
                    if (!nullableNow(f)) {
                        throw Errors.failed("cannot order the inserts into " + t + ": its vanished rows reference each other in a cycle through "
                                + f.columns() + ", which may not be NULL");
                    }
                    out.add(f);
                }
            }
        }
        return out;
    }

    /** A reference from a table to another whose rows are inserted too: what a row needs inserted before it. */
    private record ParentLink(String refTable, List<String> columns, Map<String, String> conditions) {
        boolean applies(Map<String, Object> row) {
            for (Map.Entry<String, String> c : conditions.entrySet()) {
                Object v = row.get(c.getKey());
                if (v == null || !v.toString().equals(c.getValue())) {
                    return false;
                }
            }
            return columns.stream().allMatch(c -> row.get(c) != null);
        }

        List<Object> values(Map<String, Object> row) {
            return columns.stream().map(row::get).toList();
        }
    }

    private Map<String, List<ParentLink>> parentLinks() {
        Map<String, List<ParentLink>> out = new HashMap<>();
        for (ForeignKey f : plan.graph().references()) {
            Table parent = plan.before().table(f.refTable()).orElse(null);
            if (parent == null || !rows.containsKey(f.refTable()) || !rows.containsKey(f.table())) {
                continue;
            }
            List<String> parentKey = Keys.identity(parent);
            if (!new TreeSet<>(f.refColumns()).equals(new TreeSet<>(parentKey))) {
                continue;
            }
            List<String> inKeyOrder = new ArrayList<>();
            for (String k : parentKey) {
                inKeyOrder.add(f.columns().get(f.refColumns().indexOf(k)));
            }
            out.computeIfAbsent(f.table(), k -> new ArrayList<>()).add(new ParentLink(f.refTable(), inKeyOrder, f.conditions()));
        }
        return out;
    }

    /**
     * Per table, the D1 rows to insert, with their group; for roots, when they went missing and how many
     * rows are theirs alone and shared with other roots; for a row several roots share, those roots. Cached.
     */
    private Map<String, Dataset<Row>> rowsToInsert(Set<String> tables, InsertOrder order) {
        Dataset<Row> sharing = plan.sharing();
        // a row of several roots, or of none (only a root a conflict holds back reaches it)
        Dataset<Row> several = sharing.where(size(col(Closure.ROOTS)).notEqual(1)).localCheckpoint();
        for (Row r : several.groupBy(Closure.ROOTS).agg(count("*").as("n")).collectAsList()) {
            shared.put(r.getList(0).stream().map(String::valueOf).map(this::rootName).toList(), r.getLong(1));
        }
        Dataset<Row> alone = sharing.where(size(col(Closure.ROOTS)).equalTo(1))
                .groupBy(element_at(col(Closure.ROOTS), 1).as("g_group")).agg(count("*").as(ALONE));
        Dataset<Row> sharedPerRoot = several.where(size(col(Closure.ROOTS)).gt(1)).select(explode(col(Closure.ROOTS)).as("s_group")).groupBy("s_group").agg(count("*").as(SHARED));
        Map<String, Dataset<Row>> out = new LinkedHashMap<>();
        for (String t : tables) {
            TableVersions tv = plan.tables().get(t);
            Dataset<Row> mine = plan.restore().where(col(Keys.TABLE).equalTo(t)).select(col(Keys.KEY).as("n_key"), col(Closure.GROUP))
                    .dropDuplicates("n_key");
            Dataset<Row> r = tv.vanished().join(mine, tv.vanished().col(Keys.KEY).equalTo(mine.col("n_key"))).drop("n_key");
            Dataset<Row> sharedRows = several.where(col(Keys.TABLE).equalTo(t)).select(col(Keys.KEY).as("x_key"), col(Closure.ROOTS));
            r = r.join(sharedRows, r.col(Keys.KEY).equalTo(sharedRows.col("x_key")), "left_outer").drop("x_key");
            if (plan.request().roots().stream().anyMatch(x -> x.equalsIgnoreCase(t))) {
                Dataset<Row> tl = plan.timeline().where(col(Keys.TABLE).equalTo(t)).select(col(Keys.KEY).as("t_key"),
                        col(Timeline.LAST_SEEN), col(Timeline.FIRST_MISSING));
                r = r.join(tl, r.col(Keys.KEY).equalTo(tl.col("t_key")), "left_outer").drop("t_key")
                        .join(alone, r.col(Closure.GROUP).equalTo(alone.col("g_group")), "left_outer").drop("g_group")
                        .join(sharedPerRoot, r.col(Closure.GROUP).equalTo(sharedPerRoot.col("s_group")), "left_outer").drop("s_group");
            }
            List<ForeignKey> self = order.selfReferences().stream().filter(f -> f.table().equals(t)).toList();
            if (!self.isEmpty()) {
                r = SelfReferenceLevels.of(r, self);
            }
            out.put(t, r.localCheckpoint());
        }
        return out;
    }

    /**
     * Rows several roots share, counted once: the roots (as a person names them) and how many rows; under
     * an empty list, the rows restored though the only roots that reach them are held back by a conflict.
     */
    Map<List<String>, Long> shared() {
        return shared;
    }

    /** A root as a person names it, {@code customer customer_id = 11}, from its group (the table and its key as JSON, positional). */
    String rootName(String group) {
        int space = group.indexOf(' ');
        String table = group.substring(0, space);
        Table t = plan.before().table(table).orElse(null);
        if (t == null) {
            return group;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode key = new com.fasterxml.jackson.databind.ObjectMapper().readTree(group.substring(space + 1));
            List<String> columns = Keys.identity(t);
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                com.fasterxml.jackson.databind.JsonNode v = key.get("k" + i);
                parts.add(columns.get(i) + " = " + (v == null || v.isNull() ? "null" : v.asText()));
            }
            return t.name() + " " + String.join(", ", parts);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return group;
        }
    }

    /** Rows in insert order: parents of their own table first, then by key; reversed for undo. */
    private Iterator<Row> ordered(String t, Dataset<Row> rows, boolean reverse) {
        List<org.apache.spark.sql.Column> by = new ArrayList<>();
        if (List.of(rows.columns()).contains(SelfReferenceLevels.LEVEL)) {
            by.add(reverse ? col(SelfReferenceLevels.LEVEL).desc_nulls_first() : col(SelfReferenceLevels.LEVEL).asc_nulls_last());
        }
        for (String c : Keys.identity(plan.before().table(t).orElseThrow())) {
            by.add(reverse ? col(SnapshotReader.quoted(c)).desc() : col(SnapshotReader.quoted(c)).asc());
        }
        if (List.of(rows.columns()).contains(Keys.COPY)) {
            by.add(reverse ? col(Keys.COPY).desc() : col(Keys.COPY).asc());
        }
        // one partition: one job streams the table's rows, in order
        return rows.coalesce(1).sortWithinPartitions(by.toArray(new org.apache.spark.sql.Column[0])).toLocalIterator();
    }

    private String vanishedText(Row r) {
        Object last = r.getAs(Timeline.LAST_SEEN);
        Object first = r.getAs(Timeline.FIRST_MISSING);
        Long alone = r.getAs(ALONE);
        Long shared = r.getAs(SHARED);
        String when = first == null ? "missing on " + plan.request().to() : "last seen " + last + ", missing since " + first;
        return when + (alone == null ? "" : "; " + rows(alone) + " restored for it alone (itself included)")
                + (shared == null ? "" : "; " + rows(shared) + " shared with other roots, counted once in the header");
    }

    /** For a row that several roots reach: which ones. */
    private String sharedText(Row r) {
        List<Object> roots = r.getList(r.fieldIndex(Closure.ROOTS));
        if (roots.isEmpty()) {
            return "restored though the roots that reach it are held back by a conflict (counted once, in the header)";
        }
        return "reached from " + String.join(" and ", roots.stream().map(String::valueOf).map(this::rootName).toList())
                + " (counted once, in the header, under none of them)";
    }

    private static String rows(long n) {
        return String.format("%,d row%s", n, n == 1 ? "" : "s");
    }

    /** Tells the copies of a row of a table without primary key apart. */
    private static String copySuffix(Row r) {
        Integer copy = Keys.copy(r);
        return copy == null ? "" : "\u0004" + copy;
    }

    static String keyText(Table t, Map<String, Object> row) {
        List<String> parts = new ArrayList<>();
        for (String c : Keys.identity(t)) {
            parts.add(c + " = " + row.get(c));
        }
        return String.join(", ", parts);
    }

    private static Iterator<Step> lazy(java.util.function.Supplier<Iterator<Step>> make) {
        return new Iterator<>() {
            Iterator<Step> it;

            public boolean hasNext() {
                if (it == null) {
                    it = make.get();
                }
                return it.hasNext();
            }

            public Step next() {
                hasNext();
                return it.next();
            }
        };
    }

    private static Iterator<Step> concat(List<Iterator<Step>> parts) {
        return new Iterator<>() {
            int i = 0;

            public boolean hasNext() {
                while (i < parts.size()) {
                    if (parts.get(i).hasNext()) {
                        return true;
                    }
                    i++;
                }
                return false;
            }

            public Step next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return parts.get(i).next();
            }
        };
    }
}

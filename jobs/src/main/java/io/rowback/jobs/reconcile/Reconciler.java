package io.rowback.jobs.reconcile;

import io.rowback.catalog.Catalog;
import io.rowback.catalog.ForeignKey;
import io.rowback.catalog.Table;
import io.rowback.graph.ReferenceGraph;
import io.rowback.jobs.cli.Console;
import io.rowback.store.CatalogStore;
import io.rowback.store.RunRecord;
import io.rowback.store.RunsLog;
import io.rowback.store.SnapshotReader;
import io.rowback.store.WarehouseLayout;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;

/**
 * Finds what vanished between two snapshots and what must come back with it: deleted roots,
 * the closure of vanished rows connected to them, re-created rows and conflicts, the deletion
 * timeline, and dangling references. All row work is Spark joins; only metadata and the few rows
 * a remap or conflict is about come to the driver.
 */
public final class Reconciler {
    private static final int DANGLING_SAMPLE = 20;
    private static final int PARALLEL_TABLES = 4;

    private final SparkSession spark;
    private final Console console;

    private final CatalogStore sharedCatalogs;
    private final RunsLog sharedRuns;
    private final SnapshotReader sharedReader;

    /** With the command's catalog store, runs log and snapshot reader, when it has read the history before the plan (null: its own). */
    Reconciler(SparkSession spark, Console console, CatalogStore catalogs, RunsLog runs, SnapshotReader reader) {
        this.spark = spark;
        this.console = console;
        this.sharedCatalogs = catalogs;
        this.sharedRuns = runs;
        this.sharedReader = reader;
    }

    Plan plan(ReconcileRequest req) {
        WarehouseLayout layout = new WarehouseLayout(req.warehouse(), req.source().name());
        CatalogStore catalogs = sharedCatalogs != null ? sharedCatalogs : new CatalogStore(spark, layout);
        List<LocalDate> dates = catalogs.dates();
        String source = req.source().name();
        Preconditions.snapshotted(req.from(), "--from", dates, source);
        Preconditions.snapshotted(req.to(), "--to", dates, source);
        Catalog before = catalogs.read(req.from());
        Catalog after = catalogs.read(req.to());
        RunsLog runs = sharedRuns != null ? sharedRuns : new RunsLog(spark, layout);
        Map<String, RunRecord> runsFrom = runs.read(req.from());
        Map<String, RunRecord> runsTo = runs.read(req.to());
        List<String> warnings = new ArrayList<>();
        warnings.addAll(Preconditions.complete(req.from(), before, runsFrom, req.allowIncomplete()));
        warnings.addAll(Preconditions.complete(req.to(), after, runsTo, req.allowIncomplete()));
        Preconditions.roots(req.roots(), before, req.from());
        List<String> roots = req.roots().stream().map(r -> before.table(r).orElseThrow().name()).distinct().toList();

        ReferenceGraph graph = ReferenceGraph.of(before, req.source());
        SnapshotReader reader = sharedReader != null ? sharedReader : new SnapshotReader(spark, layout);
        Set<String> relevant = new java.util.TreeSet<>();
        for (String t : graph.connected(roots)) {
            if (reader.exists(t)) {
                relevant.add(t);
            }
        }
        warnings.addAll(Preconditions.rowCounts(relevant, runsFrom, runsTo, req.source().maxRowDrop(), req.allowDrop(), source));
        warnings.forEach(w -> console.line("  " + w));

        Map<String, TableVersions> tables = new TreeMap<>();
        for (String t : relevant) {
            Table b = before.table(t).orElseThrow();
            Table a = after.table(t).orElse(null);
            if (a == null) {
                warnings.add("table " + t + " is gone on " + req.to() + "; its rows cannot be restored by this script");
            }
            tables.put(t, new TableVersions(reader, b, a, req.from(), req.to()));
        }
        try {
            List<LocalDate> between = dates.stream().filter(d -> !d.isBefore(req.from()) && !d.isAfter(req.to())).toList();

            Phase phase = new Phase(console);
            Closure closure = new Closure(spark, graph, tables);
            Map<String, Long> vanishedCounts = vanishedCounts(tables);
            phase.done(String.format("vanished rows: %,d in %d tables connected to %s", vanishedCounts.values().stream().mapToLong(Long::longValue).sum(),
                    tables.size(), String.join(", ", roots)));
            Dataset<Row> edges = closure.edges();
            Dataset<Row> rootNodes = closure.roots(roots).localCheckpoint();
            Dataset<Row> connected = closure.reach(rootNodes, edges, true, true);
            phase.done(String.format("closure: %,d deleted roots, %,d rows with them", rootNodes.count(), connected.count()));

            Remapper.Result remaps = new Remapper(graph, tables, reader, req.from(), req.to()).find(connected);
            List<Row> conflictRows = new ArrayList<>();
            remaps.conflicts().forEach(c -> conflictRows.add(RowFactory.create(c.table(), c.origKey(), c.table() + " " + c.origKey())));
            Dataset<Row> seeds = spark.createDataFrame(conflictRows, Closure.NODE);
            SchemaDrift.Result drift = SchemaDrift.of(tables.values().stream().map(tv -> tv.before).toList(), n -> tables.get(n).after);
            Set<String> connectedTables = Closure.tablesOf(connected);
            for (SchemaDrift.Required r : drift.required()) {
                if (connectedTables.contains(r.table())) {
                    warnings.add(r.text());
                    console.line("  " + r.text());
                    seeds = seeds.union(connected.where(col(Keys.TABLE).equalTo(r.table())).select(Keys.TABLE, Keys.KEY, Closure.GROUP));
                }
            }
            for (SchemaDrift.Gone g : drift.gone()) {
                if (!connectedTables.contains(g.table())) {
                    continue;
                }
                TableVersions tv = tables.get(g.table());
                Dataset<Row> mine = connected.where(col(Keys.TABLE).equalTo(g.table())).select(col(Keys.KEY).as("g_key"));
                long withValue = tv.vanished().join(mine, tv.vanished().col(Keys.KEY).equalTo(mine.col("g_key")), "left_semi")
                        .where(col(io.rowback.store.SnapshotReader.quoted(g.column())).isNotNull()).count();
                String text = g.text(withValue);
                warnings.add(text);
                console.line("  " + text);
            }
            Dataset<Row> heldBack = seeds.isEmpty() ? spark.createDataFrame(List.of(), Closure.NODE)
                    : closure.heldBack(seeds, connected, edges);
            Dataset<Row> restore = Closure.minus(connected, heldBack).localCheckpoint();
            phase.done(String.format("re-created rows: %d remapped, %d conflicts", remaps.remaps().size(), remaps.conflicts().size()));

            Dataset<Row> timeline = null;
            for (String r : roots) {
                Dataset<Row> t = Timeline.of(spark, reader, before.table(r).orElseThrow(), rootNodes, between);
                timeline = timeline == null ? t : timeline.union(t);
            }
            timeline = timeline.localCheckpoint();
            List<Timeline.Series> series = Timeline.series(timeline);
            phase.done("deletion timeline: " + series.size() + " series");

            Map<String, Plan.Counts> counts = new LinkedHashMap<>();
            Map<String, Long> restoreCounts = copies(tables, restore, countByTable(restore));
            Map<String, Long> heldCounts = copies(tables, heldBack, countByTable(heldBack));
            List<Plan.Dangling> dangling = dangling(graph, tables, connected);
            Map<String, Long> danglingCounts = new TreeMap<>();
            dangling.forEach(d -> danglingCounts.merge(d.reference().table(), d.rows(), Long::sum));
            phase.done(String.format("dangling references: %,d", danglingCounts.values().stream().mapToLong(Long::longValue).sum()));
            for (TableVersions tv : tables.values()) {
                long vanished = vanishedCounts.getOrDefault(tv.name(), 0L);
                long r = restoreCounts.getOrDefault(tv.name(), 0L);
                long h = heldCounts.getOrDefault(tv.name(), 0L);
                long d = danglingCounts.getOrDefault(tv.name(), 0L);
                if (vanished + r + h + d > 0) {
                    counts.put(tv.name(), new Plan.Counts(vanished, r, h, d));
                }
            }
            Relinks.Result links = Relinks.find(graph.referencesAmong(tables.keySet()), tables, restore, req.source().restoreNulledReferences());
            phase.done("references cut: " + Relinks.text(links, req.source().restoreNulledReferences()));
            Dataset<Row> sharing = closure.sharing(restore, edges, rootNodes);
            return new Plan(req, between, before, after, graph, tables, restore, heldBack, timeline, series, remaps, dangling, counts, warnings, links, sharing);
        } catch (RuntimeException | Error e) {
            // the vanished rows of each table are cached: a failed plan must not leave them to the session
            tables.values().forEach(TableVersions::release);
            throw e;
        }
    }

    /**
     * Vanished rows per table. Opening a Delta table costs about a second of log replay whatever
     * its size, so the tables are opened and compared several at a time.
     */
    private Map<String, Long> vanishedCounts(Map<String, TableVersions> tables) {
        Map<String, Long> out = new java.util.concurrent.ConcurrentSkipListMap<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(PARALLEL_TABLES, tables.size())));
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (TableVersions tv : tables.values()) {
                futures.add(pool.submit(() -> {
                    spark.sparkContext().setLocalProperty("spark.scheduler.pool", Thread.currentThread().getName());
                    out.put(tv.name(), tv.vanished().count());
                }));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw io.rowback.errors.Errors.failed("reconcile interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw io.rowback.errors.Errors.wrap("reading the snapshots", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    /** Prints how long each step took. */
    static final class Phase {
        private final Console console;
        private long start = System.nanoTime();

        Phase(Console console) {
            this.console = console;
        }

        void done(String what) {
            long now = System.nanoTime();
            console.line(String.format("  %s (%.1f s)", what, (now - start) / 1e9));
            start = now;
        }
    }

    /** The counts with each node of a table without primary key counted as every missing copy of its row. */
    private static Map<String, Long> copies(Map<String, TableVersions> tables, Dataset<Row> nodes, Map<String, Long> counts) {
        for (TableVersions tv : tables.values()) {
            if (!tv.before.hasPrimaryKey() && counts.containsKey(tv.name())) {
                Dataset<Row> mine = nodes.where(col(Keys.TABLE).equalTo(tv.name())).select(col(Keys.KEY).as("r_key"));
                counts.put(tv.name(), tv.vanished().join(mine, tv.vanished().col(Keys.KEY).equalTo(mine.col("r_key")), "left_semi").count());
            }
        }
        return counts;
    }

    private static Map<String, Long> countByTable(Dataset<Row> nodes) {
        Map<String, Long> out = new TreeMap<>();
        for (Row r : nodes.groupBy(Keys.TABLE).count().collectAsList()) {
            out.put(r.getString(0), r.getLong(1));
        }
        return out;
    }

    /**
     * Rows present on D2 whose reference points at a row of the closure (gone on D2): counted and
     * sampled per reference in one job.
     */
    private List<Plan.Dangling> dangling(ReferenceGraph graph, Map<String, TableVersions> tables, Dataset<Row> gone) {
        Set<String> goneTables = Closure.tablesOf(gone);
        List<ForeignKey> refs = new ArrayList<>();
        Dataset<Row> all = null;
        for (ForeignKey f : graph.referencesAmong(tables.keySet())) {
            TableVersions child = tables.get(f.table());
            if (!goneTables.contains(f.refTable()) || child.after == null
                    || !f.columns().stream().allMatch(c -> child.after.column(c).isPresent())) {
                continue;
            }
            TableVersions parent = tables.get(f.refTable());
            Dataset<Row> mine = gone.where(col(Keys.TABLE).equalTo(f.refTable()));
            Dataset<Row> p = parent.vanished().join(mine, parent.vanished().col(Keys.KEY).equalTo(mine.col(Keys.KEY)), "left_semi").alias("p");
            Dataset<Row> c = Closure.referencing(child.atTo(), f, child.after).alias("c");
            org.apache.spark.sql.Column on = null;
            for (int i = 0; i < f.columns().size(); i++) {
                org.apache.spark.sql.Column eq = Keys.in("c", f.columns().get(i)).equalTo(Keys.in("p", f.refColumns().get(i)));
                on = on == null ? eq : on.and(eq);
            }
            List<String> shown = new ArrayList<>(Keys.identity(child.after));
            f.columns().stream().filter(x -> !shown.contains(x)).forEach(shown::add);
            Dataset<Row> hits = c.join(p, on, "left_semi").select(org.apache.spark.sql.functions.lit(refs.size()).as("ref"),
                    org.apache.spark.sql.functions.to_json(org.apache.spark.sql.functions.struct(TableVersions.columns(shown))).as("row"));
            refs.add(f);
            all = all == null ? hits : all.union(hits);
        }
        List<Plan.Dangling> out = new ArrayList<>();
        if (all == null) {
            return out;
        }
        var byRef = org.apache.spark.sql.expressions.Window.partitionBy("ref").orderBy("row");
        List<Row> rows = all.withColumn("n", org.apache.spark.sql.functions.count("*").over(org.apache.spark.sql.expressions.Window.partitionBy("ref")))
                .withColumn("i", org.apache.spark.sql.functions.row_number().over(byRef))
                .where(col("i").leq(DANGLING_SAMPLE)).collectAsList();
        Map<Integer, List<Map<String, Object>>> samples = new TreeMap<>();
        Map<Integer, Long> counts = new TreeMap<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (Row r : rows) {
            int ref = r.getInt(0);
            counts.put(ref, r.getLong(2));
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = json.readValue(r.getString(1), LinkedHashMap.class);
                samples.computeIfAbsent(ref, k -> new ArrayList<>()).add(m);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        counts.forEach((ref, n) -> out.add(new Plan.Dangling(refs.get(ref), n, samples.get(ref))));
        return out;
    }
}

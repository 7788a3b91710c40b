package io.rowback.jobs.snapshot;

import io.rowback.catalog.Catalog;
import io.rowback.catalog.Table;
import io.rowback.config.SnapshotSettings;
import io.rowback.config.WatchSettings;
import io.rowback.errors.Errors;
import io.rowback.jobs.cli.Console;
import io.rowback.source.SourceDatabase;
import io.rowback.store.CatalogStore;
import io.rowback.store.DeltaPaths;
import io.rowback.store.RunRecord;
import io.rowback.store.RunsLog;
import io.rowback.store.SnapshotWriter;
import io.rowback.store.WarehouseLayout;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One snapshot of one source on one date: catalog first, then every table (several at once, the
 * largest first, each a Spark job of its own in its own scheduler pool), then the outcome of each
 * in {@code _rowback/runs}. A table that fails is recorded as failed; the others are still written.
 */
public final class Snapshotter {
    /** What a run did. */
    public record Result(LocalDate date, List<RunRecord> tables, double seconds, List<String> alerts) {
        /** A limit of the watch was passed (or a table could not be compared). */
        public boolean watchTripped() {
            return !alerts.isEmpty();
        }

        public long failed() {
            return tables.stream().filter(r -> !r.succeeded()).count();
        }

        public long rows() {
            return tables.stream().mapToLong(RunRecord::rows).sum();
        }

        public long bytes() {
            return tables.stream().mapToLong(RunRecord::bytes).sum();
        }
    }

    private final SparkSession spark;
    private final SourceDatabase source;
    private final SnapshotSettings settings;
    private final WarehouseLayout layout;
    private final Console console;
    private WatchSettings watch = WatchSettings.OFF;
    private String configFile = "CONFIG";

    public Snapshotter(SparkSession spark, SourceDatabase source, SnapshotSettings settings, WarehouseLayout layout, Console console) {
        this.spark = spark;
        this.source = source;
        this.settings = settings;
        this.layout = layout;
        this.console = console;
    }

    /** The watch's limits and notify command, and the configuration file the alert's next command names. */
    public Snapshotter watch(WatchSettings watch, String configFile) {
        this.watch = watch;
        this.configFile = configFile;
        return this;
    }

    public Result run(LocalDate date, Catalog catalog) {
        return run(date, catalog, false);
    }

    /**
     * @param onlyFailed take only the tables whose latest record of the date failed (or that have
     *                   none): the others and the date's catalog stay as they are, and the date is
     *                   complete once every table has succeeded
     */
    public Result run(LocalDate date, Catalog catalog, boolean onlyFailed) {
        long start = System.nanoTime();
        checkWritable();
        String schema;
        try (Connection c = source.connect()) {
            schema = source.schema(c);
        } catch (SQLException e) {
            throw Errors.catalogFailed(source.config().name(), e);
        }
        RunsLog runs = new RunsLog(spark, layout);
        CatalogStore catalogs = new CatalogStore(spark, layout);
        if (onlyFailed) {
            java.util.Map<String, RunRecord> before = runs.read(date);
            if (before.isEmpty() || !catalogs.hasDate(date)) {
                throw Errors.invalid("--only-failed: source '" + source.config().name() + "' has no run of " + date
                        + " to complete; take the whole snapshot of that date (without --only-failed)");
            }
            Catalog stored = catalogs.read(date);
            List<Table> failed = catalog.tables().stream().filter(t -> stored.table(t.name()).isPresent())
                    .filter(t -> before.get(t.name()) == null || !before.get(t.name()).succeeded()).toList();
            console.line("snapshot of '" + source.config().name() + "' on " + date + ", only the tables that failed: " + failed.size()
                    + " of " + catalog.size() + (failed.isEmpty() ? "; the date is complete already" : ""));
            if (failed.isEmpty()) {
                return new Result(date, List.of(), (System.nanoTime() - start) / 1e9, List.of());
            }
            catalog = new Catalog(failed);
        } else {
            runs.clear(date);
            console.line("snapshot of '" + source.config().name() + "' on " + date + ": " + catalog.size() + " tables into " + layout.sourcePath());
        }
        Catalog selected = catalog;

        List<Table> order = new ArrayList<>(catalog.tables());
        order.sort(Comparator.comparingLong(Table::estimatedRows).reversed().thenComparing(Table::name));
        TableExtractor extractor = new TableExtractor(spark, source, schema, settings.fetchSize());
        SnapshotWriter writer = new SnapshotWriter(spark);
        // A small table is one file per date, found by its date alone: Delta's per-file statistics would
        // skip nothing there, and planning them costs about a tenth of a small table's time.
        SparkSession withoutStats = spark.newSession();
        withoutStats.conf().set("spark.databricks.delta.stats.collect", "false");
        TableExtractor smallExtractor = new TableExtractor(withoutStats, source, schema, settings.fetchSize());
        SnapshotWriter smallWriter = new SnapshotWriter(withoutStats);
        int slots = Math.max(1, spark.sparkContext().defaultParallelism());
        AtomicInteger done = new AtomicInteger();
        int width = String.valueOf(order.size()).length();
        int nameWidth = order.stream().mapToInt(t -> t.name().length()).max().orElse(10);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.parallelTables(), order.size() + 1), daemonThreads());
        // the catalog goes in beside the tables: a date counts only once runs (written last) says every table succeeded
        Future<?> catalogWritten = onlyFailed ? java.util.concurrent.CompletableFuture.completedFuture(null) : pool.submit(() -> {
            spark.sparkContext().setLocalProperty("spark.scheduler.pool", "catalog");
            catalogs.write(date, selected);
        });
        List<Future<RunRecord>> futures = new ArrayList<>();
        for (Table table : order) {
            futures.add(pool.submit(() -> {
                spark.sparkContext().setLocalProperty("spark.scheduler.pool", Thread.currentThread().getName());
                spark.sparkContext().setJobDescription("snapshot " + table.name());
                boolean small = table.estimatedRows() <= settings.rowsPerPartition();
                RunRecord r = small
                        ? extractOne(table, date, schema, smallExtractor, smallWriter, slots)
                        : extractOne(table, date, schema, extractor, writer, slots);
                int n = done.incrementAndGet();
                String counter = String.format("[%" + width + "d/%d] %-" + nameWidth + "s", n, order.size(), table.name());
                console.line(r.succeeded()
                        ? String.format("%s %,12d rows %7.1f s", counter, r.rows(), r.seconds())
                        : counter + "  FAILED: " + r.error());
                return r;
            }));
        }
        List<RunRecord> records = new ArrayList<>();
        try {
            for (Future<RunRecord> f : futures) {
                records.add(f.get());
            }
            catalogWritten.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Errors.failed("snapshot interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw Errors.wrap("snapshot", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        records.sort(Comparator.comparing(RunRecord::table));
        SnapshotWatch watcher = new SnapshotWatch(spark, layout, watch, console);
        SnapshotWatch.Outcome outcome = watcher.compare(date, selected, records);
        records = outcome.records();
        runs.record(records);
        Result result = new Result(date, records, (System.nanoTime() - start) / 1e9, outcome.alerts());
        console.line(String.format("%s: %d tables, %,d rows, %,d bytes in %.1f s; %d failed%s", date, records.size(), result.rows(),
                result.bytes(), result.seconds(), result.failed(), result.failed() == 0 ? "" : " (see _rowback/runs)"));
        if (outcome.since() == null) {
            console.line("vanished: nothing to compare with (no complete snapshot before " + date + ")");
        } else {
            List<String> vanished = records.stream().filter(r -> r.changes() != null && r.changes().vanished() > 0)
                    .map(r -> String.format("%s %,d", r.table(), r.changes().vanished())).toList();
            console.line("vanished since " + outcome.since() + ": " + (vanished.isEmpty() ? "none" : String.join(", ", vanished)));
        }
        if (outcome.tripped()) {
            String text = SnapshotWatch.text(source.config().name(), date, outcome, configFile);
            text.lines().forEach(l -> console.error("WATCH " + l.strip()));
            watcher.notify(text);
        }
        return result;
    }

    private RunRecord extractOne(Table table, LocalDate date, String schema, TableExtractor extractor, SnapshotWriter writer, int slots) {
        long t0 = System.nanoTime();
        try {
            ExtractPlan plan;
            if (table.estimatedRows() > settings.rowsPerPartition()) {
                try (Connection c = source.connect()) {
                    plan = ExtractPlan.plan(c, source.dialect(), schema, table,
                            table.hasPrimaryKey() ? TableExtractor.aliasOf(table, table.primaryKey().columns().get(0)) : null,
                            settings.rowsPerPartition(), slots);
                }
            } else {
                plan = ExtractPlan.single();
            }
            String path = layout.tablePath(table.name());
            List<String> statsColumns = (table.hasPrimaryKey() ? table.primaryKey().columns() : table.columnNames().subList(0, Math.min(1, table.columns().size())))
                    .stream().map(c -> WarehouseLayout.storedName(c, table.columnNames())).toList();
            SnapshotWriter.Written w = writer.write(extractor.read(table, plan), path, date, DeltaPaths.hasPartition(spark, path, date), statsColumns);
            return new RunRecord(date, table.name(), true, w.rows(), w.bytes(), (System.nanoTime() - t0) / 1e9, null);
        } catch (Exception e) {
            return new RunRecord(date, table.name(), false, 0, 0, (System.nanoTime() - t0) / 1e9, Console.describe(e));
        }
    }

    private void checkWritable() {
        Path probe = new Path(layout.sourcePath() + "/" + WarehouseLayout.META + "/.probe-" + java.util.UUID.randomUUID());
        try {
            FileSystem fs = probe.getFileSystem(spark.sparkContext().hadoopConfiguration());
            fs.mkdirs(probe.getParent());
            fs.create(probe, true).close();
            fs.delete(probe, false);
        } catch (IOException | RuntimeException e) {
            throw Errors.warehouseNotWritable(layout.sourcePath(), e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "rowback-extract-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

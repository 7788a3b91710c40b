package io.rowback.jobs.snapshot;

import io.rowback.catalog.Catalog;
import io.rowback.catalog.Table;
import io.rowback.config.SnapshotSettings;
import io.rowback.config.WatchSettings;
import io.rowback.errors.Errors;
import io.rowback.jobs.cli.Console;
import io.rowback.source.SourceDatabase;
import io.rowback.spark.ExecutionMode;
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
        if (settings.consistency() == SnapshotSettings.Consistency.LOCK_FREE && !(source.dialect() instanceof io.rowback.dialect.MariaDbDialect)) {
            throw Errors.lockFreeNotForSource(source.config().name(), SnapshotInstant.displayName(source.dialect()));
        }
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
        // and interpreted, as other commands over few rows are (Spark's code generation costs more there than it saves)
        ExecutionMode.forRows(withoutStats, settings.rowsPerPartition()); // this run's own session: nothing to set back
        TableExtractor smallExtractor = new TableExtractor(withoutStats, source, schema, settings.fetchSize());
        SnapshotWriter smallWriter = new SnapshotWriter(withoutStats);
        int slots = Math.max(1, spark.sparkContext().defaultParallelism());
        // every plan first: MariaDB's instant opens one connection per partition, all at once
        java.util.Map<String, Object> plans = new java.util.HashMap<>();
        java.util.Map<String, Integer> partitions = new java.util.LinkedHashMap<>();
        for (Table table : order) {
            try {
                ExtractPlan plan = plan(table, schema, slots);
                plans.put(table.name(), plan);
                partitions.put(table.name(), plan.partitions());
            } catch (SQLException | RuntimeException e) {
                plans.put(table.name(), e);
            }
        }
        SnapshotInstant instant = SnapshotInstant.open(source, settings.consistency(), spark.sparkContext().isLocal(), partitions, console);
        console.line("instant: " + instant.mode() + (instant.position() == null ? "" : " at " + instant.position()) + instant.how());
        AtomicInteger done = new AtomicInteger();
        int width = String.valueOf(order.size()).length();
        int nameWidth = order.stream().mapToInt(t -> t.name().length()).max().orElse(10);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.parallelTables(), order.size() + 1), daemonThreads());
        // the catalog goes in beside the tables: a date counts only once runs (written last) says every table succeeded
        Future<?> catalogWritten = onlyFailed ? java.util.concurrent.CompletableFuture.completedFuture(null) : pool.submit(() -> {
            spark.sparkContext().setLocalProperty("spark.scheduler.pool", "catalog");
            catalogs.write(date, selected, instant.mode(), instant.position());
        });
        List<Future<RunRecord>> futures = new ArrayList<>();
        for (Table table : order) {
            futures.add(pool.submit(() -> {
                spark.sparkContext().setLocalProperty("spark.scheduler.pool", Thread.currentThread().getName());
                spark.sparkContext().setJobDescription("snapshot " + table.name());
                boolean small = table.estimatedRows() <= settings.rowsPerPartition();
                RunRecord r = small
                        ? extractOne(table, date, plans.get(table.name()), smallExtractor, smallWriter, instant)
                        : extractOne(table, date, plans.get(table.name()), extractor, writer, instant);
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
            instant.close();
        }
        records.sort(Comparator.comparing(RunRecord::table));
        SnapshotWatch watcher = new SnapshotWatch(spark, layout, watch, console);
        SnapshotWatch.Outcome outcome;
        // the comparison reads this date's rows and the last date's, about as many
        try (ExecutionMode mode = ExecutionMode.forRows(spark, 2 * records.stream().mapToLong(RunRecord::rows).sum())) {
            outcome = watcher.compare(date, selected, records);
        }
        records = outcome.records();
        runs.record(records, instant.mode(), instant.position());
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

    private ExtractPlan plan(Table table, String schema, int slots) throws SQLException {
        if (table.estimatedRows() <= settings.rowsPerPartition()) {
            return ExtractPlan.single();
        }
        try (Connection c = source.connect()) {
            return ExtractPlan.plan(c, source.dialect(), schema, table,
                    table.hasPrimaryKey() ? TableExtractor.aliasOf(table, table.primaryKey().columns().get(0)) : null,
                    settings.rowsPerPartition(), slots);
        }
    }

    /**
     * One table, tried again {@code snapshot.retries} times after a failure, waiting
     * {@code retryBackoffSeconds} times the attempt's number before each.
     *
     * @param planned its ExtractPlan, or the exception planning it threw
     */
    private RunRecord extractOne(Table table, LocalDate date, Object planned, TableExtractor extractor, SnapshotWriter writer, SnapshotInstant instant) {
        long t0 = System.nanoTime();
        if (planned instanceof Exception e) {
            return new RunRecord(date, table.name(), false, 0, 0, (System.nanoTime() - t0) / 1e9, Console.describe(e));
        }
        ExtractPlan plan = (ExtractPlan) planned;
        String path = layout.tablePath(table.name());
        List<String> statsColumns = (table.hasPrimaryKey() ? table.primaryKey().columns() : table.columnNames().subList(0, Math.min(1, table.columns().size())))
                .stream().map(c -> WarehouseLayout.storedName(c, table.columnNames())).toList();
        Exception last = null;
        for (int attempt = 0; attempt <= settings.retries(); attempt++) {
            if (attempt > 0) {
                long wait = (long) settings.retryBackoffSeconds() * attempt;
                console.line(String.format("%s: attempt %d of %d failed (%s); again in %d s", table.name(), attempt, settings.retries() + 1,
                        Console.describe(last), wait));
                try {
                    Thread.sleep(wait * 1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            try {
                java.util.Properties options = new java.util.Properties();
                if (!instant.prepare(table.name(), options)) {
                    console.error("WARNING " + table.name() + " is read again at a later instant than the other tables"
                            + " (a MariaDB snapshot cannot be shared with a new connection)");
                }
                SnapshotWriter.Written w = writer.write(extractor.read(table, plan, options), path, date, DeltaPaths.hasPartition(spark, path, date), statsColumns);
                return new RunRecord(date, table.name(), true, w.rows(), w.bytes(), (System.nanoTime() - t0) / 1e9, null);
            } catch (Exception e) {
                last = e;
            }
        }
        return new RunRecord(date, table.name(), false, 0, 0, (System.nanoTime() - t0) / 1e9, Console.describe(last));
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

package io.rowback.jobs.prune;

import io.delta.tables.DeltaTable;
import io.rowback.config.RowbackConfig;
import io.rowback.config.SourceConfig;
import io.rowback.errors.Errors;
import io.rowback.jobs.cli.Command;
import io.rowback.jobs.cli.SourceOptions;
import io.rowback.spark.SparkSessions;
import io.rowback.store.CatalogStore;
import io.rowback.store.DeltaPaths;
import io.rowback.store.RunsLog;
import io.rowback.store.WarehouseLayout;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import picocli.CommandLine;
import scala.Option;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

@CommandLine.Command(name = "prune", description = {
        "Remove old snapshot dates from every table of a source, with their runs and catalog rows, and vacuum",
        "so that the space is really freed. Kept: the newest --keep-daily complete dates, the newest complete date",
        "of each of the newest --keep-weekly ISO weeks and --keep-monthly months, always the newest complete date,",
        "and unfinished dates newer than it. Do not run it while a snapshot of the source runs."})
public final class PruneJob extends Command {
    @CommandLine.Mixin
    SourceOptions options;

    @CommandLine.Option(names = "--keep-daily", required = true, paramLabel = "N", description = "newest complete dates to keep")
    int daily;

    @CommandLine.Option(names = "--keep-weekly", paramLabel = "N", description = "weeks whose newest complete date to keep (default 0)")
    int weekly;

    @CommandLine.Option(names = "--keep-monthly", paramLabel = "N", description = "months whose newest complete date to keep (default 0)")
    int monthly;

    @CommandLine.Option(names = "--dry-run", description = "say what would be removed and freed, remove nothing")
    boolean dryRun;

    /** A Delta table of the source's warehouse, and the bytes of the dates to remove. */
    private record Target(String name, String path, Map<LocalDate, long[]> filesAndBytes) {
        long files() {
            return filesAndBytes.values().stream().mapToLong(v -> v[0]).sum();
        }

        long bytes() {
            return filesAndBytes.values().stream().mapToLong(v -> v[1]).sum();
        }
    }

    @Override
    public Integer call() throws IOException {
        for (Map.Entry<String, Integer> o : Map.of("--keep-daily", daily, "--keep-weekly", weekly, "--keep-monthly", monthly).entrySet()) {
            if (o.getValue() < 0) {
                throw Errors.badOption(o.getKey() + " " + o.getValue() + " is negative; give how many to keep, 0 or more");
            }
        }
        RowbackConfig config = options.config();
        SourceConfig source = options.source();
        SparkSession spark = SparkSessions.create("rowback prune " + source.name());
        WarehouseLayout layout = new WarehouseLayout(config.warehouse(), source.name());
        CatalogStore catalogs = new CatalogStore(spark, layout);
        RunsLog runs = new RunsLog(spark, layout);
        if (!catalogs.exists()) {
            throw Errors.noSnapshots(source.name(), config.warehouse());
        }
        // runs first: a date being removed stops counting as complete before any of its rows go
        List<String[]> paths = new ArrayList<>();
        paths.add(new String[]{"_rowback/runs", layout.runsPath()});
        paths.addAll(tables(spark, layout));
        paths.add(new String[]{"_rowback/catalog", layout.catalogPath()});

        Map<String, Map<LocalDate, long[]>> perTable = new LinkedHashMap<>();
        TreeSet<LocalDate> dates = new TreeSet<>();
        for (String[] p : paths) {
            if (DeltaPaths.isDeltaTable(spark, p[1])) {
                Map<LocalDate, long[]> byDate = filesByDate(spark, p[1]);
                perTable.put(p[0], byDate);
                if (!p[0].equals("_rowback/runs")) {
                    dates.addAll(byDate.keySet());
                }
            }
        }
        Retention.Decision decision = new Retention(daily, weekly, monthly).decide(dates, runs.completeDates());
        console.line("prune of '" + source.name() + "' in " + layout.sourcePath() + " (keep daily " + daily + ", weekly " + weekly
                + ", monthly " + monthly + ")");
        console.line("keep   " + decision.keep().size() + " dates: " + Errors.preview(decision.keep().stream().map(LocalDate::toString).toList(), 40));
        console.line("remove " + decision.remove().size() + " dates: " + (decision.remove().isEmpty() ? "none"
                : Errors.preview(decision.remove().stream().map(LocalDate::toString).toList(), 40)));
        List<Target> targets = new ArrayList<>();
        for (String[] p : paths) {
            Map<LocalDate, long[]> byDate = perTable.get(p[0]);
            if (byDate == null) {
                continue;
            }
            Map<LocalDate, long[]> gone = new LinkedHashMap<>();
            decision.remove().forEach(d -> {
                if (byDate.containsKey(d)) {
                    gone.put(d, byDate.get(d));
                }
            });
            targets.add(new Target(p[0], p[1], gone));
        }
        int width = targets.stream().mapToInt(t -> t.name().length()).max().orElse(5);
        long files = 0;
        long bytes = 0;
        for (Target t : targets) {
            if (t.files() > 0) {
                console.line(String.format("  %-" + width + "s %,8d files %,16d bytes", t.name(), t.files(), t.bytes()));
            }
            files += t.files();
            bytes += t.bytes();
        }
        if (dryRun) {
            console.line(String.format("dry run: nothing removed; %,d files, %,d bytes would be freed", files, bytes));
            return 0;
        }
        if (decision.remove().isEmpty()) {
            console.line("nothing to remove");
            return 0;
        }
        // vacuum with no retention, on a session of its own: the files of the removed dates go now, and
        // nothing else of this job runs with the check off
        SparkSession vacuuming = spark.newSession();
        vacuuming.conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
        // vacuum lists the table's folders in as many tasks as this says (10,000 by default): on HDFS that
        // was four minutes for four small tables; the cluster's cores are parallelism enough for a listing
        vacuuming.conf().set("spark.sql.sources.parallelPartitionDiscovery.parallelism",
                String.valueOf(Math.max(2, spark.sparkContext().defaultParallelism())));
        long freed = 0;
        Object[] removed = decision.remove().toArray();
        for (Target t : targets) {
            long before = size(spark, t.path());
            DeltaTable.forPath(spark, t.path()).delete(col(WarehouseLayout.DATE_COLUMN).isin(removed));
            DeltaTable.forPath(vacuuming, t.path()).vacuum(0.0);
            freed += before - size(spark, t.path());
        }
        console.line(String.format("removed %d dates from %d tables; %,d bytes of data files freed", decision.remove().size(), targets.size(), freed));
        return 0;
    }

    /** (name, path) of every Delta table of the source's tables (not _rowback), including tables no longer in the catalog. */
    private static List<String[]> tables(SparkSession spark, WarehouseLayout layout) throws IOException {
        List<String[]> out = new ArrayList<>();
        Path root = new Path(layout.sourcePath());
        FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(root)) {
            return out;
        }
        for (FileStatus s : fs.listStatus(root)) {
            String name = s.getPath().getName();
            if (s.isDirectory() && !name.startsWith("_") && !name.startsWith(".") && DeltaPaths.isDeltaTable(spark, s.getPath().toString())) {
                out.add(new String[]{WarehouseLayout.decode(name), s.getPath().toString()});
            }
        }
        out.sort(java.util.Comparator.comparing(a -> a[0]));
        return out;
    }

    /** Files and bytes per date, from the Delta log (no data file is read). */
    private static Map<LocalDate, long[]> filesByDate(SparkSession spark, String path) {
        Snapshot snapshot = DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty());
        Map<LocalDate, long[]> out = new java.util.TreeMap<>();
        for (Row r : snapshot.allFiles().groupBy(col("partitionValues").getItem(WarehouseLayout.DATE_COLUMN).as("d"))
                .agg(count(lit(1)), sum(col("size"))).collectAsList()) {
            if (r.get(0) != null) {
                out.put(LocalDate.parse(r.getString(0)), new long[]{r.getLong(1), r.isNullAt(2) ? 0 : r.getLong(2)});
            }
        }
        return out;
    }

    /** Bytes of the table's data files on disk (its Delta log, which the prune itself adds to, aside). */
    private static long size(SparkSession spark, String path) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
        Path log = new Path(p, "_delta_log");
        return fs.getContentSummary(p).getLength() - (fs.exists(log) ? fs.getContentSummary(log).getLength() : 0);
    }
}

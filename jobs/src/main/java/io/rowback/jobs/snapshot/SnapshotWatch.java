package io.rowback.jobs.snapshot;

import io.rowback.catalog.Catalog;
import io.rowback.catalog.Table;
import io.rowback.config.WatchSettings;
import io.rowback.errors.Errors;
import io.rowback.jobs.cli.Console;
import io.rowback.jobs.history.DiffJob;
import io.rowback.store.CatalogStore;
import io.rowback.store.RunRecord;
import io.rowback.store.RunsLog;
import io.rowback.store.SnapshotReader;
import io.rowback.store.WarehouseLayout;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * After a snapshot: each table compared with the previous complete date (rows vanished, appeared and
 * changed, counted in Spark as diff does), held against the {@code watch:} limits. The figures go
 * into the run records; a limit passed becomes an alert, and the alert goes to the notify command.
 */
final class SnapshotWatch {
    /** What the comparison found: the records with their changes, and one line per limit passed. */
    record Outcome(List<RunRecord> records, LocalDate since, List<String> alerts, List<String> roots) {
        boolean tripped() {
            return !alerts.isEmpty();
        }
    }

    private final SparkSession spark;
    private final WarehouseLayout layout;
    private final WatchSettings settings;
    private final Console console;

    SnapshotWatch(SparkSession spark, WarehouseLayout layout, WatchSettings settings, Console console) {
        this.spark = spark;
        this.layout = layout;
        this.settings = settings;
        this.console = console;
    }

    Outcome compare(LocalDate date, Catalog catalog, List<RunRecord> records) {
        RunsLog runs = new RunsLog(spark, layout);
        Map<LocalDate, Map<String, RunRecord>> all = runs.readAll(null);
        LocalDate since = null;
        for (Map.Entry<LocalDate, Map<String, RunRecord>> e : all.entrySet()) {
            if (e.getKey().isBefore(date) && !e.getValue().isEmpty() && e.getValue().values().stream().allMatch(RunRecord::succeeded)) {
                since = e.getKey();
            }
        }
        if (since == null) {
            return new Outcome(records, null, List.of(), List.of());
        }
        Catalog before = new CatalogStore(spark, layout).read(since);
        Map<String, RunRecord> rowsBefore = all.get(since);
        DiffJob.Differ differ = new DiffJob.Differ(new SnapshotReader(spark, layout), since, date);
        List<Table[]> pairs = new ArrayList<>();
        for (RunRecord r : records) {
            Table b = before.table(r.table()).orElse(null);
            Table a = catalog.table(r.table()).orElse(null);
            if (r.succeeded() && b != null && a != null && rowsBefore.containsKey(b.name())) {
                pairs.add(new Table[]{b, a});
            }
        }
        Map<String, DiffJob.TableDiff> together;
        try {
            spark.sparkContext().setJobDescription("watch: " + pairs.size() + " tables against " + since);
            together = differ.diffAll(pairs);
        } catch (RuntimeException e) {
            // one table that cannot be read fails the job of all: compare them one by one, so that only it is left uncompared
            together = null;
        }
        Map<String, Future<DiffJob.TableDiff>> futures = new TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(4, records.size())), r -> {
            Thread t = new Thread(r, "rowback-watch");
            t.setDaemon(true);
            return t;
        });
        List<RunRecord> out = new ArrayList<>();
        List<String> alerts = new ArrayList<>();
        List<String> tripped = new ArrayList<>();
        try {
            for (RunRecord r : records) {
                Table b = before.table(r.table()).orElse(null);
                Table a = catalog.table(r.table()).orElse(null);
                if (r.succeeded() && b != null && a != null && rowsBefore.containsKey(b.name())) {
                    if (together != null) {
                        futures.put(r.table(), java.util.concurrent.CompletableFuture.completedFuture(together.get(b.name())));
                        continue;
                    }
                    futures.put(r.table(), pool.submit(() -> {
                        spark.sparkContext().setJobDescription("watch " + a.name());
                        return differ.diff(b, a);
                    }));
                }
            }
            for (RunRecord r : records) {
                Future<DiffJob.TableDiff> f = futures.get(r.table());
                if (f == null) {
                    out.add(r);
                    continue;
                }
                DiffJob.TableDiff d;
                try {
                    d = f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    // a table that cannot be compared is no vanishing: said, and its runs record has no counts
                    console.error("rowback: warning: " + r.table() + " could not be compared with " + since + ": "
                            + Errors.oneLine(Console.describe(e.getCause())));
                    out.add(r);
                    continue;
                }
                out.add(r.withChanges(new RunRecord.Changes(since, d.deleted(), d.inserted(), d.changed())));
                long had = rowsBefore.get(r.table()).rows();
                WatchSettings.Limit limit = settings.limitOf(r.table());
                if (limit != null && limit.passedBy(d.deleted(), had)) {
                    tripped.add(r.table());
                    alerts.add(String.format("%s: %,d of %,d rows vanished (%.1f%%; limit %,d rows or %.1f%%)", r.table(), d.deleted(), had,
                            had == 0 ? 0.0 : 100.0 * d.deleted() / had, limit.maxVanished(), 100 * limit.maxVanishedShare()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Errors.failed("snapshot interrupted while comparing with " + since);
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(out, since, alerts, tripped);
    }

    /** The alert's text: what vanished, since when, and the command to run next. */
    static String text(String source, LocalDate date, Outcome o, String configFile) {
        StringBuilder t = new StringBuilder();
        t.append("rowback watch: rows vanished from source '").append(source).append("' between the snapshots of ").append(o.since())
                .append(" and ").append(date).append(" (last seen on ").append(o.since()).append(")\n");
        for (String a : o.alerts()) {
            t.append("  ").append(a).append('\n');
        }
        if (!o.roots().isEmpty()) {
            t.append("next: rowback reconcile --config ").append(configFile).append(" --source ").append(source)
                    .append(" --from ").append(o.since()).append(" --to ").append(date).append(" --root ")
                    .append(String.join(" ", o.roots())).append(" --out reconcile-").append(date).append('\n');
        }
        return t.toString();
    }

    /**
     * Runs the notify command ({@code sh -c}) with the text on its standard input and in
     * ROWBACK_WATCH_TEXT. A command that fails is said, and does not hide the alert itself.
     */
    void notify(String text) {
        String command = settings.notifyCommand();
        if (command == null) {
            return;
        }
        try {
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("ROWBACK_WATCH_TEXT", text);
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the command need not read its input
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                console.error("rowback: watch.notify did not finish within 120 s and was stopped; check the command in the configuration");
            } else if (p.exitValue() != 0) {
                console.error("rowback: watch.notify exited with status " + p.exitValue() + "; check the command in the configuration");
            }
        } catch (IOException e) {
            console.error("rowback: watch.notify could not be started (" + Errors.oneLine(e.getMessage()) + "); check the command in the configuration");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

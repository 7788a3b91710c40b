package io.rowback.jobs.reconcile;

import io.rowback.dialect.Dialect;
import io.rowback.dialect.Dialects;
import io.rowback.jobs.cli.Console;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One reconcile: plan, then write the four outputs into a hidden folder inside --out and move them
 * into place only when all are written, so that --out never holds a half-written script.
 */
public final class Reconciliation {
    static final String RESTORE = "restore.sql";
    static final String UNDO = "undo.sql";
    static final String REPORT_JSON = "report.json";
    static final String REPORT_MD = "report.md";
    static final String REPORT_HTML = "report.html";
    static final List<String> OUTPUTS = List.of(RESTORE, UNDO, REPORT_JSON, REPORT_MD, REPORT_HTML);
    static final String PARTIAL = ".rowback-partial";

    /** What was written. */
    public record Result(Path out, long roots, long restoreRows, long remaps, long conflicts, long dangling, long relinked, long nulledByHand,
                         Report report) {
        public String summary() {
            return String.format("%,d deleted roots, %,d rows to restore, %d remapped, %d conflicts, %,d dangling references, "
                            + "%,d cut references set back, %,d nulled by hand; written to %s",
                    roots, restoreRows, remaps, conflicts, dangling, relinked, nulledByHand, out);
        }
    }

    private final SparkSession spark;
    private final Console console;
    private final List<String> extraWarnings = new java.util.ArrayList<>();
    private io.rowback.store.CatalogStore catalogs;
    private io.rowback.store.RunsLog runs;
    private io.rowback.store.SnapshotReader reader;

    public Reconciliation(SparkSession spark, Console console) {
        this.spark = spark;
        this.console = console;
    }

    /** The header line that names the source, schema and database the scripts are for (apply checks it). */
    private static String originLine(ReconcileRequest req, Dialect dialect) {
        io.rowback.source.SourceDatabase db = new io.rowback.source.SourceDatabase(req.source(), dialect);
        try (java.sql.Connection c = db.connect()) {
            return io.rowback.source.ScriptOrigin.of(db, c).headerLine();
        } catch (java.sql.SQLException e) {
            throw io.rowback.errors.Errors.wrap("connecting to source '" + req.source().name() + "' to name the schema the scripts are for", e);
        }
    }

    /** Warnings found before the plan (undeclared references holding vanished keys): the script's header and the report carry them. */
    public Reconciliation withWarnings(List<String> warnings) {
        this.extraWarnings.addAll(warnings);
        return this;
    }

    /** Reads the history through these (the ones the command's checks used), so that no Delta log is read twice. */
    public Reconciliation withHistory(io.rowback.store.CatalogStore catalogs, io.rowback.store.RunsLog runs, io.rowback.store.SnapshotReader reader) {
        this.catalogs = catalogs;
        this.runs = runs;
        this.reader = reader;
        return this;
    }

    public Result run(ReconcileRequest req) throws IOException {
        long t0 = System.nanoTime();
        console.line("reconcile of '" + req.source().name() + "' from " + req.from() + " to " + req.to() + ", roots " + String.join(", ", req.roots()));
        Plan plan = new Reconciler(spark, console, catalogs, runs, reader).plan(req);
        plan.warnings().addAll(extraWarnings);
        Dialect dialect = Dialects.forSource(req.source());
        Path partial = req.out().resolve(PARTIAL);
        deleteTree(partial);
        Files.createDirectories(partial);
        try {
            Reconciler.Phase phase = new Reconciler.Phase(console);
            RestoreScriptWriter.Summary summary = new RestoreScriptWriter(spark, plan, dialect, originLine(req, dialect))
                    .write(partial.resolve(RESTORE), partial.resolve(UNDO));
            phase.done("restore.sql and undo.sql written");
            Report report = ReconcileReport.model(plan, summary);
            report.write(partial.resolve(REPORT_JSON));
            ReconcileReport.writeMarkdown(partial.resolve(REPORT_MD), report);
            ReportHtml.write(partial.resolve(REPORT_HTML), report);
            for (String name : OUTPUTS) {
                Path f = partial.resolve(name);
                if (Files.exists(f)) {
                    Files.move(f, req.out().resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.deleteIfExists(req.out().resolve(name));
                }
            }
            long restoreRows = summary.inserted().values().stream().mapToLong(Long::longValue).sum();
            long dangling = plan.dangling().stream().mapToLong(Plan.Dangling::rows).sum();
            for (Timeline.Series s : plan.series()) {
                console.line(String.format("  series: %,d missing since %s (last seen %s)", s.roots(), s.firstMissing(), s.lastSeen()));
            }
            console.line("  references cut: " + Relinks.text(plan.links(), req.source().restoreNulledReferences()));
            console.line(String.format("  done in %.1f s", (System.nanoTime() - t0) / 1e9));
            return new Result(req.out(), plan.roots(), restoreRows, plan.remaps().remaps().size(), plan.remaps().conflicts().size(), dangling,
                    summary.relinked(), plan.links().rows(false), report);
        } finally {
            deleteTree(partial);
            plan.tables().values().forEach(TableVersions::release);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}

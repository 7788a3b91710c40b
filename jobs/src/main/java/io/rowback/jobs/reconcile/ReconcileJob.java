package io.rowback.jobs.reconcile;

import io.rowback.config.RowbackConfig;
import io.rowback.config.SourceConfig;
import io.rowback.errors.Errors;
import io.rowback.jobs.cli.Command;
import io.rowback.jobs.cli.Dates;
import io.rowback.jobs.cli.SourceOptions;
import io.rowback.spark.ExecutionMode;
import io.rowback.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

@CommandLine.Command(name = "reconcile", description = {
        "Find the rows of the root tables that vanished between two snapshots, everything that vanished with them,",
        "re-created rows and conflicts, and write restore.sql, undo.sql, report.json and report.md into --out.",
        "Nothing touches the database: read the scripts, then run 'rowback apply'."})
public final class ReconcileJob extends Command {
    @CommandLine.Mixin
    SourceOptions options;

    @CommandLine.Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "the snapshot the rows were in")
    String from;

    @CommandLine.Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "the snapshot they are missing from")
    String to;

    @CommandLine.Option(names = "--root", required = true, arity = "1..*", paramLabel = "TABLE", description = "table(s) whose vanished rows to restore, e.g. contacts_partner")
    List<String> roots;

    @CommandLine.Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for restore.sql, undo.sql, report.json, report.md")
    String outGiven;

    @CommandLine.Option(names = "--allow-incomplete", description = "read a date whose snapshot failed for some tables")
    boolean allowIncomplete;

    @CommandLine.Option(names = "--allow-drop", description = "read tables whose row count fell to zero or by more than maxRowDrop")
    boolean allowDrop;

    @CommandLine.Option(names = "--strict-references", description = "refuse (exit 2) when vanished keys occur in columns that no reference names but 'rowback references' would suggest")
    boolean strictReferences;

    @Override
    public Integer call() throws IOException {
        RowbackConfig config = options.config();
        SourceConfig source = options.source();
        LocalDate d1 = Dates.parse("--from", from);
        LocalDate d2 = Dates.parse("--to", to);
        Preconditions.datesInOrder(d1, d2);
        Path out = Preconditions.localFolder("--out", outGiven);
        Preconditions.outFolder(out);
        ReconcileRequest req = new ReconcileRequest(source, config.warehouse(), d1, d2, roots, out, allowIncomplete, allowDrop);
        SparkSession spark = SparkSessions.create("rowback reconcile " + source.name());
        try (ExecutionMode mode = ExecutionMode.untilSized(spark)) {
            return reconcile(spark, config, source, req, d1, d2, out, mode);
        }
    }

    private int reconcile(SparkSession spark, RowbackConfig config, SourceConfig source, ReconcileRequest req, LocalDate d1, LocalDate d2,
                          Path out, ExecutionMode mode) throws IOException {
        io.rowback.store.WarehouseLayout layout = new io.rowback.store.WarehouseLayout(config.warehouse(), source.name());
        io.rowback.store.CatalogStore catalogs = new io.rowback.store.CatalogStore(spark, layout);
        io.rowback.store.SnapshotReader reader = new io.rowback.store.SnapshotReader(spark, layout);
        io.rowback.store.RunsLog runs = new io.rowback.store.RunsLog(spark, layout);
        // the rows of both dates, as the runs counted them: a small history runs interpreted
        long rows = catalogs.exists() && catalogs.hasDate(d1) && runs.exists()
                ? runs.rows(catalogs.read(d1).names(), d1, d2) : -1;
        mode.sized(rows);
        List<UndeclaredReferenceCheck.Finding> undeclared = UndeclaredReferenceCheck.forRequest(spark, source, catalogs, reader, d1, d2, roots, 0.99);
        for (UndeclaredReferenceCheck.Finding f : undeclared) {
            console.line("warning: " + f.message());
        }
        if (strictReferences && !undeclared.isEmpty()) {
            throw Errors.undeclaredReferences(undeclared.size(), undeclared.get(0).table() + "." + undeclared.get(0).column()
                    + " (add `- \"" + undeclared.get(0).reference() + "\"`)");
        }
        // the folder is made only once every check has passed, when the outputs are written
        Path existing = out.toAbsolutePath();
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            Reconciliation.Result r = new Reconciliation(spark, console).withHistory(catalogs, runs, reader)
                    .withWarnings(undeclared.stream().map(UndeclaredReferenceCheck.Finding::message).toList()).run(req);
            console.line(r.summary());
        } catch (RuntimeException | IOException e) {
            removeEmpty(out.toAbsolutePath(), existing);
            throw e;
        }
        return 0;
    }

    /** The empty folders this run made, from dir up to (not including) the one that existed before. */
    private static void removeEmpty(Path dir, Path existed) {
        for (Path d = dir; d != null && !d.equals(existed) && d.startsWith(existed); d = d.getParent()) {
            try (var files = Files.list(d)) {
                if (files.findAny().isPresent()) {
                    return;
                }
            } catch (IOException notThere) {
                continue;
            }
            try {
                Files.delete(d);
            } catch (IOException e) {
                return;
            }
        }
    }
}

package io.rowback.jobs.reconcile;

import io.rowback.config.RowbackConfig;
import io.rowback.config.SourceConfig;
import io.rowback.errors.Errors;
import io.rowback.jobs.RowbackJob;
import io.rowback.jobs.cli.Command;
import io.rowback.jobs.cli.Console;
import io.rowback.jobs.cli.Dates;
import io.rowback.jobs.cli.SourceOptions;
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
    Path out;

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
        prepareOut(out);
        ReconcileRequest req = new ReconcileRequest(source, config.warehouse(), d1, d2, roots, out, allowIncomplete, allowDrop);
        SparkSession spark = SparkSessions.create("rowback reconcile " + source.name());
        List<UndeclaredReferenceCheck.Finding> undeclared = UndeclaredReferenceCheck.forRequest(spark, source, config.warehouse(), d1, d2, roots, 0.99);
        for (UndeclaredReferenceCheck.Finding f : undeclared) {
            console.line("warning: " + f.message());
        }
        if (strictReferences && !undeclared.isEmpty()) {
            throw Errors.undeclaredReferences(undeclared.size(), undeclared.get(0).table() + "." + undeclared.get(0).column()
                    + " (add `- \"" + undeclared.get(0).reference() + "\"`)");
        }
        Reconciliation.Result r = new Reconciliation(spark, console).run(req);
        console.line(r.summary());
        return 0;
    }

    /** The output folder: created if missing; an existing one may hold only a previous reconcile's files. */
    static void prepareOut(Path out) throws IOException {
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                throw Errors.invalid("--out " + out + " is a file; name a folder for the scripts and the report");
            }
            try (var files = Files.list(out)) {
                List<String> other = files.map(p -> p.getFileName().toString())
                        .filter(n -> !Reconciliation.OUTPUTS.contains(n) && !n.equals(Reconciliation.PARTIAL)).toList();
                if (!other.isEmpty()) {
                    throw Errors.invalid("--out " + out + " holds other files (" + Errors.preview(other, 5) + "); choose an empty folder");
                }
            }
        }
        Files.createDirectories(out);
        if (!Files.isWritable(out)) {
            throw Errors.invalid("--out " + out + " is not writable; choose a folder you can write to");
        }
    }

    public static void main(String[] args) {
        System.exit(RowbackJob.run(new ReconcileJob(), Console.system(), args));
    }
}

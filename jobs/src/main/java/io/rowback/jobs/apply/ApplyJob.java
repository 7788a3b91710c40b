package io.rowback.jobs.apply;

import io.rowback.config.SourceConfig;
import io.rowback.dialect.Dialect;
import io.rowback.dialect.Dialects;
import io.rowback.errors.Errors;
import io.rowback.jobs.RowbackJob;
import io.rowback.jobs.cli.Command;
import io.rowback.jobs.cli.Console;
import io.rowback.jobs.cli.SourceOptions;
import io.rowback.source.SourceDatabase;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

@CommandLine.Command(name = "apply", description = {
        "Run a script (restore.sql or undo.sql) against the source in one transaction.",
        "Without --commit it rolls back and lists every statement that would fail; with --commit it commits,",
        "or rolls back everything at the first failure. Exit status 1 when a statement fails."})
public final class ApplyJob extends Command {
    @CommandLine.Mixin
    SourceOptions options;

    @CommandLine.Option(names = "--script", required = true, paramLabel = "FILE", description = "the script, e.g. out/restore.sql")
    Path script;

    @CommandLine.Option(names = "--commit", description = "commit when every statement succeeds")
    boolean commit;

    @Override
    public Integer call() throws IOException, SQLException {
        SourceConfig source = options.source();
        if (!Files.isRegularFile(script)) {
            throw Errors.invalid("--script " + script + " does not exist; pass the restore.sql or undo.sql that reconcile wrote");
        }
        Dialect dialect = Dialects.forSource(source);
        SqlScript sql = SqlScript.parse(Files.readString(script, StandardCharsets.UTF_8), dialect.name());
        if (sql.dialect() != null && !sameFamily(sql.dialect(), dialect.name())) {
            throw Errors.invalid("--script " + script + " is written for " + sql.dialect() + " but source '" + source.name() + "' is "
                    + dialect.name() + "; apply it to the source it was reconciled from");
        }
        SourceDatabase db = new SourceDatabase(source, dialect);
        console.line((commit ? "applying " : "dry run of ") + script + " on '" + source.name() + "' (" + sql.statements().size() + " statements)");
        ScriptRunner.Outcome o;
        try (Connection c = db.connect()) {
            o = new ScriptRunner(console).run(c, sql, commit);
        }
        String counts = String.format("%d statements, %,d rows changed, %d changed nothing", o.statements(), o.rowsChanged(), o.unchanged());
        if (o.committed()) {
            console.line("committed: " + counts);
            return 0;
        }
        if (commit) {
            console.line("rolled back: the statement at line " + o.failures().get(0).statement().line() + " failed; nothing was changed");
            return 1;
        }
        console.line("dry run, rolled back: " + counts + ", " + o.failures().size() + " would fail"
                + (o.failures().isEmpty() ? "; run again with --commit to apply" : ""));
        return o.failures().isEmpty() ? 0 : 1;
    }

    private static boolean sameFamily(String a, String b) {
        return a.equals(b) || (a.equals("mysql") || a.equals("mariadb")) && (b.equals("mysql") || b.equals("mariadb"));
    }

    public static void main(String[] args) {
        System.exit(RowbackJob.run(new ApplyJob(), Console.system(), args));
    }
}

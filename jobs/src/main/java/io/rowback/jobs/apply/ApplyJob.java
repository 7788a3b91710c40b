package io.rowback.jobs.apply;

import io.rowback.config.SourceConfig;
import io.rowback.dialect.Dialect;
import io.rowback.dialect.Dialects;
import io.rowback.errors.Errors;
import io.rowback.jobs.cli.Command;
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
        "Each statement of a rowback script says the rows it expects to change; one that changes nothing where it",
        "should have, and is not already done, is skipped and listed with its row and why, with the steps that need it.",
        "Without --commit it rolls back and lists every statement that would fail or be skipped; with --commit it commits,",
        "or rolls back everything at the first failure or when a statement is skipped (unless --allow-skipped).",
        "A second run of a committed script changes nothing and says so. Exit status 1 when a statement fails or is skipped."})
public final class ApplyJob extends Command {
    @CommandLine.Mixin
    SourceOptions options;

    @CommandLine.Option(names = "--script", required = true, paramLabel = "FILE", description = "the script, e.g. out/restore.sql")
    Path script;

    @CommandLine.Option(names = "--commit", description = "commit when every statement succeeds")
    boolean commit;

    @CommandLine.Option(names = "--allow-skipped", description = "with --commit: commit the rest when some steps are skipped"
            + " (a skipped remap is left out whole, and so is every step that needs a skipped one)")
    boolean allowSkipped;

    @Override
    public Integer call() throws IOException, SQLException {
        SourceConfig source = options.source();
        if (!Files.isRegularFile(script)) {
            throw Errors.invalid("--script " + script + " does not exist; pass the restore.sql or undo.sql that reconcile wrote");
        }
        Dialect dialect = Dialects.forSource(source);
        String text = Files.readString(script, StandardCharsets.UTF_8);
        SqlScript sql = SqlScript.parse(text, dialect.name());
        if (sql.dialect() != null && !sameFamily(sql.dialect(), dialect.name())) {
            throw Errors.invalid("--script " + script + " is written for " + sql.dialect() + " but source '" + source.name() + "' is "
                    + dialect.name() + "; apply it to the source it was reconciled from");
        }
        SourceDatabase db = new SourceDatabase(source, dialect);
        long statements = sql.statements().stream().filter(s -> !s.isTransactionControl()).count();
        console.line((commit ? "applying " : "dry run of ") + script + " on '" + source.name() + "' (" + statements + " statements)");
        AppliedSteps.Direction direction = sql.dialect() == null ? null : AppliedSteps.directionOf(text);
        ScriptRunner.Restored restored = null;
        if (direction == AppliedSteps.Direction.undo) {
            AppliedSteps.ForUndo known = AppliedSteps.forUndo(script, dialect.name());
            if (known == null) {
                console.line("no record of a committed restore.sql beside it (" + AppliedSteps.FILE + "): undo goes by the rows alone, and cannot tell"
                        + " a step restore skipped from a restored row changed since");
            } else {
                restored = new ScriptRunner.Restored(known.inRestore(), known.restored(), known.restoredSinceUndo());
            }
        }
        ScriptRunner.Outcome o;
        try (Connection c = db.connect()) {
            if (sql.dialect() != null) {
                // a script rowback wrote runs only on the source, schema and database it was written for
                io.rowback.source.ScriptOrigin.check(text, script.toString(), io.rowback.source.ScriptOrigin.of(db, c));
            }
            o = new ScriptRunner(console).run(c, sql, commit, allowSkipped, restored);
        }
        if (o.committed() && direction != null) {
            try {
                AppliedSteps.record(script, direction, o.changedSteps());
            } catch (IOException | RuntimeException e) {
                console.error("rowback: warning: committed, but " + AppliedSteps.FILE + " beside the script could not be written ("
                        + Errors.oneLine(e.getMessage()) + "); undo will go by the rows alone");
            }
        }
        if (o.notRestored() > 0) {
            console.line(o.notRestored() + " statements not undone: restore never carried their steps out (skipped or held back), so there is nothing to undo");
        }
        String counts = String.format("%d statements, %,d rows changed, %d already done, %d skipped", o.statements(), o.rowsChanged(),
                o.alreadyDone(), o.skipped().size()) + (o.unchanged() > 0 ? ", " + o.unchanged() + " unchecked changed nothing" : "")
                + (o.notRestored() > 0 ? ", " + o.notRestored() + " never restored" : "");
        if (o.nothingToDo()) {
            console.line((commit ? "nothing to commit" : "dry run") + ": every statement was already done (the script was applied before); "
                    + counts);
            return 0;
        }
        if (o.committed()) {
            console.line("committed: " + counts);
            return 0;
        }
        if (commit) {
            if (!o.failures().isEmpty()) {
                console.line("rolled back: the statement at line " + o.failures().get(0).statement().line() + " failed; nothing was changed");
            } else {
                console.line("rolled back: " + o.skipped().size() + " statements would change nothing where the script expects a change"
                        + " (listed above); nothing was changed. Check those rows, or run with --allow-skipped to apply the rest without them");
            }
            return 1;
        }
        boolean clean = o.failures().isEmpty() && o.skipped().isEmpty();
        console.line("dry run, rolled back: " + counts + ", " + o.failures().size() + " would fail"
                + (clean ? "; run again with --commit to apply" : ""));
        return clean ? 0 : 1;
    }

    private static boolean sameFamily(String a, String b) {
        return a.equals(b) || (a.equals("mysql") || a.equals("mariadb")) && (b.equals("mysql") || b.equals("mariadb"));
    }
}

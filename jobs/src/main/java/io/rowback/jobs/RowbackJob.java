package io.rowback.jobs;

import io.rowback.errors.RowbackException;
import io.rowback.jobs.cli.Command;
import io.rowback.jobs.cli.Console;
import io.rowback.jobs.apply.ApplyJob;
import io.rowback.jobs.demo.DemoJob;
import io.rowback.jobs.reconcile.ReconcileJob;
import io.rowback.jobs.history.DiffJob;
import io.rowback.jobs.history.ShellJob;
import io.rowback.jobs.history.SqlJob;
import io.rowback.jobs.history.TraceJob;
import io.rowback.jobs.prune.PruneJob;
import io.rowback.jobs.snapshot.SnapshotJob;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The main class of the jobs jar: {@code rowback <command> [options]}, locally through
 * scripts/rowback or on a cluster through spark-submit. Exit status: 0 done, 1 failed while
 * working (some tables failed, a statement failed), 2 bad input (nothing written).
 */
@CommandLine.Command(name = "rowback", mixinStandardHelpOptions = true, version = "rowback 0.1.0",
        description = "Daily history of a database in Delta Lake, and restore SQL for rows that vanished.",
        subcommands = {SnapshotJob.class, ReconcileJob.class, ApplyJob.class, SqlJob.class, ShellJob.class, TraceJob.class, DiffJob.class,
                PruneJob.class, DemoJob.class, io.rowback.jobs.references.ReferencesJob.class, io.rowback.jobs.references.InitJob.class})
public final class RowbackJob implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: " + String.join(", ", spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        System.exit(run(new RowbackJob(), Console.system(), args));
    }

    /** Parses and runs one command; every error becomes one line on stderr and an exit status. */
    public static int run(Object command, Console console, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(console.out(), true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommand() instanceof Command c) {
                c.console(console);
            }
        }
        if (command instanceof Command c) {
            c.console(console);
        }
        cl.setParameterExceptionHandler((ex, a) -> {
            String name = ex.getCommandLine().getCommandName();
            console.error("rowback: " + ex.getMessage() + "; see 'rowback " + ("rowback".equals(name) ? "" : name + " ") + "--help'");
            return RowbackException.BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            boolean verbose = line.getCommand() instanceof Command c && c.verbose;
            if (ex instanceof RowbackException r) {
                console.error("rowback: " + r.getMessage());
                if (verbose && r.getCause() != null) {
                    console.error(stackTrace(r));
                }
                return r.exitStatus();
            }
            console.error("rowback: unexpected error: " + Console.describe(ex) + (verbose ? "" : " (run with --verbose for details)"));
            if (verbose) {
                console.error(stackTrace(ex));
            }
            return RowbackException.FAILED;
        });
        return cl.execute(args);
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}

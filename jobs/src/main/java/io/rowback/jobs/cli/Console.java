package io.rowback.jobs.cli;

import io.rowback.errors.Errors;

import java.io.PrintStream;

/** What the user sees: progress and results on stdout, one-line errors on stderr. Thread-safe. */
public final class Console {
    private final PrintStream out;
    private final PrintStream err;

    public Console(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static Console system() {
        return new Console(System.out, System.err);
    }

    public synchronized void line(String s) {
        out.println(s);
        out.flush();
    }

    public synchronized void error(String s) {
        err.println(s);
        err.flush();
    }

    public PrintStream out() {
        return out;
    }

    /** The deepest message of an exception chain (the driver's own words), on one line, without secrets. */
    public static String describe(Throwable e) {
        String best = null;
        java.util.Set<Throwable> seen = new java.util.HashSet<>();
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t.getMessage();
            }
        }
        return Errors.oneLine(Errors.redactSecrets(best == null ? e.toString() : best));
    }
}

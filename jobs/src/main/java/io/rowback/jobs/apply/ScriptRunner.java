package io.rowback.jobs.apply;

import io.rowback.errors.Errors;
import io.rowback.jobs.cli.Console;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a script's statements in one transaction. Each statement runs under a savepoint, so that a
 * failing one is undone alone and the run goes on: a dry run lists every statement that would fail
 * (the way the incident's owner saw "Duplicate entry ... for key 'national_id'") and rolls back;
 * a committing run stops at the first failure and rolls back everything.
 */
public final class ScriptRunner {
    /** A statement that failed, and why. */
    public record Failure(SqlScript.Statement statement, String error) {
    }

    /** What a run did. */
    public record Outcome(int statements, long rowsChanged, int unchanged, List<Failure> failures, boolean committed) {
    }

    private final Console console;

    public ScriptRunner(Console console) {
        this.console = console;
    }

    public Outcome run(Connection c, SqlScript script, boolean commit) throws SQLException {
        c.setAutoCommit(false);
        int count = 0;
        long changed = 0;
        int unchanged = 0;
        List<Failure> failures = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            for (SqlScript.Statement s : script.statements()) {
                if (s.isTransactionControl()) {
                    continue;
                }
                count++;
                Savepoint sp = c.setSavepoint();
                try {
                    boolean result = st.execute(s.sql());
                    int n = result ? 0 : st.getUpdateCount();
                    if (n > 0) {
                        changed += n;
                    } else if (!result && isChange(s)) {
                        unchanged++;
                    }
                    c.releaseSavepoint(sp);
                } catch (SQLException e) {
                    c.rollback(sp);
                    Failure f = new Failure(s, Errors.oneLine(Errors.redactSecrets(e.getMessage())));
                    failures.add(f);
                    console.line((commit ? "failed" : "would fail") + ": line " + s.line() + ": " + s.head());
                    console.line("    " + f.error());
                    if (commit) {
                        break;
                    }
                }
            }
            if (commit && failures.isEmpty()) {
                c.commit();
                return new Outcome(count, changed, unchanged, failures, true);
            }
            c.rollback();
            return new Outcome(count, changed, unchanged, failures, false);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    private static boolean isChange(SqlScript.Statement s) {
        String head = s.withoutComments().toUpperCase(java.util.Locale.ROOT);
        return head.startsWith("INSERT") || head.startsWith("UPDATE") || head.startsWith("DELETE");
    }
}

package io.rowback.jobs.apply;

import io.rowback.errors.Errors;
import io.rowback.jobs.cli.Console;
import io.rowback.jobs.script.Marks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a script's statements in one transaction, and holds each marked statement to what its step
 * expected ({@link Marks}): the rows it changes, or else a query that tells whether it was already done.
 * A statement that changes nothing where it should have, and is not already done, is <em>skipped</em>:
 * listed with its row and why, in a dry run and a committing run alike; so are the statements of its
 * group (the steps of one remap happen together or not at all) and the steps that need it.
 *
 * <p>Each statement runs under a savepoint, so that a failing one is undone alone: a dry run lists
 * every statement that would fail (the way the incident's owner saw "Duplicate entry ... for key
 * 'national_id'") and rolls back. A committing run rolls everything back at the first failure, and
 * when a statement is skipped, unless skips are allowed: then it runs the script again without the
 * skipped steps, their groups and what needs them, and commits that.
 */
public final class ScriptRunner {
    private static final int MAX_ROUNDS = 20;

    /** A statement that failed, and why. */
    public record Failure(SqlScript.Statement statement, String error) {
    }

    /** A statement that did not change what it should have, or was held back with a step it needs. */
    public record Skip(SqlScript.Statement statement, Marks.Mark mark, String reason) {
    }

    /**
     * What a run did.
     *
     * @param unchanged   unmarked statements that changed nothing (a script written by hand)
     * @param alreadyDone marked statements that changed nothing because what they do is already so
     */
    public record Outcome(int statements, long rowsChanged, int unchanged, int alreadyDone, int checked, List<Skip> skipped,
                          List<Failure> failures, boolean committed, int notRestored, Set<Integer> changedSteps) {
        /** Every checked statement was already done: the script had been applied before. */
        public boolean nothingToDo() {
            return checked > 0 && alreadyDone + notRestored == checked && rowsChanged == 0 && failures.isEmpty() && skipped.isEmpty();
        }
    }

    /**
     * What an undo knows of the restore it reverts (apply's record of it, {@link AppliedSteps}): the steps
     * restore changed rows for, and those of them not undone since. A step restore never carried out is
     * not undone; a step it did whose undo now matches nothing was changed after the restore.
     */
    public record Restored(Set<Integer> inRestore, Set<Integer> steps, Set<Integer> notUndoneSince) {
    }

    private final Console console;

    public ScriptRunner(Console console) {
        this.console = console;
    }

    public Outcome run(Connection c, SqlScript script, boolean commit) throws SQLException {
        return run(c, script, commit, false);
    }

    public Outcome run(Connection c, SqlScript script, boolean commit, boolean allowSkipped) throws SQLException {
        return run(c, script, commit, allowSkipped, null);
    }

    /** Runs an undo.sql with what is known of the restore it reverts (null: nothing, go by the rows alone). */
    public Outcome run(Connection c, SqlScript script, boolean commit, boolean allowSkipped, Restored restored) throws SQLException {
        c.setAutoCommit(false);
        Map<Integer, String> excluded = new LinkedHashMap<>();
        try {
            for (int round = 1; ; round++) {
                Pass p = pass(c, script, commit, excluded, restored);
                boolean again = allowSkipped && p.failures.isEmpty() && !p.newlySkipped.isEmpty() && round < MAX_ROUNDS;
                if (again) {
                    c.rollback();
                    excludeGroupsAndDependents(script, p.newlySkipped, excluded);
                    continue;
                }
                report(p, commit);
                boolean ok = p.failures.isEmpty() && (p.skipped.isEmpty() || allowSkipped);
                if (commit && ok) {
                    c.commit();
                } else {
                    c.rollback();
                }
                return new Outcome(p.count, p.changed, p.unchanged, p.alreadyDone, p.checked, p.skipped, p.failures, commit && ok,
                        p.notRestored, Set.copyOf(p.changedSteps));
            }
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    private static final class Pass {
        int count;
        long changed;
        int unchanged;
        int alreadyDone;
        int checked;
        int notRestored;
        final Set<Integer> changedSteps = new java.util.TreeSet<>();
        final List<Skip> skipped = new ArrayList<>();
        final List<Failure> failures = new ArrayList<>();
        final Map<Integer, String> newlySkipped = new LinkedHashMap<>();
    }

    private Pass pass(Connection c, SqlScript script, boolean commit, Map<Integer, String> excluded, Restored restored) throws SQLException {
        Pass p = new Pass();
        Set<Integer> notHappening = new HashSet<>(excluded.keySet());
        Set<String> brokenGroups = new HashSet<>();
        Set<Integer> changedSteps = p.changedSteps;
        try (Statement st = c.createStatement()) {
            for (SqlScript.Statement s : script.statements()) {
                if (s.isTransactionControl()) {
                    continue;
                }
                p.count++;
                Marks.Mark mark = Marks.parse(s.marks());
                if (mark != null && mark.checked()) {
                    p.checked++;
                    if (restored != null && restored.inRestore().contains(mark.step()) && !restored.steps().contains(mark.step())) {
                        // restore never carried this step out (skipped, held back): there is nothing to undo
                        p.notRestored++;
                        continue;
                    }
                    String held = heldBack(mark, excluded, notHappening, brokenGroups);
                    if (held != null) {
                        p.skipped.add(new Skip(s, mark, held));
                        notHappening.add(mark.step());
                        if (mark.group() != null) {
                            brokenGroups.add(mark.group());
                        }
                        continue;
                    }
                    if (!mark.after().isEmpty() && mark.after().stream().noneMatch(changedSteps::contains)) {
                        // what it fixes up was not written in this run
                        p.alreadyDone++;
                        continue;
                    }
                }
                Savepoint sp = c.setSavepoint();
                try {
                    boolean result = st.execute(s.sql());
                    int n = result ? 0 : st.getUpdateCount();
                    if (mark == null || !mark.checked()) {
                        if (n > 0) {
                            p.changed += n;
                        } else if (!result && isChange(s)) {
                            p.unchanged++;
                        }
                        c.releaseSavepoint(sp);
                        continue;
                    }
                    if (n > 0) {
                        changedSteps.add(mark.step());
                    }
                    if (mark.expect() >= 0 && n == mark.expect()) {
                        p.changed += n;
                        c.releaseSavepoint(sp);
                        continue;
                    }
                    boolean mustChange = restored != null && restored.notUndoneSince().contains(mark.step());
                    if (!mustChange && done(st, mark)) {
                        if (n == 0) {
                            p.alreadyDone++;
                        }
                        p.changed += n;
                        c.releaseSavepoint(sp);
                        continue;
                    }
                    c.rollback(sp);
                    String why = n != 0 ? "changed " + n + " rows where the script expected " + mark.expect()
                            : mustChange ? "matched no row: the row is not as restore.sql left it (changed or deleted since the restore)"
                            : "matched no row: the row is not as the snapshot had it (changed since, or its key is held by another row)";
                    p.skipped.add(new Skip(s, mark, why));
                    p.newlySkipped.put(mark.step(), why);
                    notHappening.add(mark.step());
                    if (mark.group() != null) {
                        brokenGroups.add(mark.group());
                    }
                } catch (SQLException e) {
                    c.rollback(sp);
                    Failure f = new Failure(s, Errors.oneLine(Errors.redactSecrets(e.getMessage())));
                    p.failures.add(f);
                    if (mark != null) {
                        notHappening.add(mark.step());
                        p.newlySkipped.put(mark.step(), "failed: " + f.error());
                        if (mark.group() != null) {
                            brokenGroups.add(mark.group());
                        }
                    }
                    console.line((commit ? "failed" : "would fail") + ": line " + s.line() + ": " + s.head());
                    console.line("    " + f.error());
                    if (commit) {
                        break;
                    }
                }
            }
        }
        return p;
    }

    /** Why a statement does not run in this pass: its step, group or a step it needs is not happening; null when it runs. */
    private static String heldBack(Marks.Mark mark, Map<Integer, String> excluded, Set<Integer> notHappening, Set<String> brokenGroups) {
        if (excluded.containsKey(mark.step())) {
            return excluded.get(mark.step());
        }
        if (mark.group() != null && brokenGroups.contains(mark.group())) {
            return "held back: another step of " + mark.group() + " cannot happen, and a remap happens whole or not at all";
        }
        for (int need : mark.needs()) {
            if (notHappening.contains(need)) {
                return "held back: it needs step " + need + ", which does not happen";
            }
        }
        return null;
    }

    /** Adds to {@code excluded} the skipped steps, every step of their groups, and (transitively) what needs them. */
    private static void excludeGroupsAndDependents(SqlScript script, Map<Integer, String> skipped, Map<Integer, String> excluded) {
        List<Marks.Mark> marks = new ArrayList<>();
        for (SqlScript.Statement s : script.statements()) {
            Marks.Mark m = Marks.parse(s.marks());
            if (m != null) {
                marks.add(m);
            }
        }
        skipped.forEach((step, why) -> excluded.putIfAbsent(step, "skipped: " + why));
        boolean grew = true;
        while (grew) {
            grew = false;
            Set<String> groups = new HashSet<>();
            for (Marks.Mark m : marks) {
                if (excluded.containsKey(m.step()) && m.group() != null) {
                    groups.add(m.group());
                }
            }
            for (Marks.Mark m : marks) {
                if (excluded.containsKey(m.step())) {
                    continue;
                }
                if (m.group() != null && groups.contains(m.group())) {
                    excluded.put(m.step(), "held back: another step of " + m.group() + " cannot happen, and a remap happens whole or not at all");
                    grew = true;
                    continue;
                }
                for (int need : m.needs()) {
                    if (excluded.containsKey(need)) {
                        excluded.put(m.step(), "held back: it needs step " + need + ", which does not happen");
                        grew = true;
                        break;
                    }
                }
            }
        }
    }

    private static boolean done(Statement st, Marks.Mark mark) throws SQLException {
        if (mark.done() == null) {
            return false;
        }
        try (ResultSet rs = st.executeQuery(mark.done())) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }

    private void report(Pass p, boolean commit) {
        for (Skip s : p.skipped) {
            console.line((commit ? "skipped" : "would skip") + ": line " + s.statement().line() + ", step " + s.mark().step()
                    + (s.mark().row() != null ? " (" + s.mark().row() + ")" : "") + ": " + s.reason());
        }
    }

    private static boolean isChange(SqlScript.Statement s) {
        String head = s.withoutComments().toUpperCase(java.util.Locale.ROOT);
        return head.startsWith("INSERT") || head.startsWith("UPDATE") || head.startsWith("DELETE");
    }
}

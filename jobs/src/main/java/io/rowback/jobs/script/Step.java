package io.rowback.jobs.script;

import java.util.List;

/**
 * One reversible step of a restore: what it does to the database forward (restore.sql) and backward
 * (undo.sql), each with the rows it expects to touch and how to tell that it was already done.
 *
 * @param number  the step's number in both scripts, so that a line of undo.sql names the line of restore.sql it reverts
 * @param about   the row it is about, as a person reads it ({@code customer customer_id = 11}); null for none
 * @param group   steps that happen all together or not at all (the steps of one remap), or null
 * @param needs   numbers of steps this one needs: when one of them does not happen, neither does this one
 * @param comment a line for the person reading the script, or null
 * @param forward the statement of restore.sql, or null for a step of undo.sql alone (a trigger fix-up after a re-insert)
 * @param backward the statement of undo.sql that reverts it, or null when reverting another step covers it
 */
public record Step(int number, Kind kind, String table, String about, String group, List<Integer> needs, String comment, Statement forward,
                   Statement backward) {
    public Step {
        needs = List.copyOf(needs);
    }

    public enum Kind {
        /** A session setting (foreign key checks); expects nothing. */
        SESSION,
        /** Free a unique key that a re-created row holds, so that the original can take it back. */
        FREE_KEY,
        /** Insert a vanished row. */
        INSERT,
        /** Set back what a BEFORE INSERT trigger changed in an inserted row. */
        FIX_UP,
        /** Set a reference that was inserted as NULL to break a cycle. */
        SET_DEFERRED,
        /** Set back a reference that was cut (NULL on D2, a restored row on D1). */
        RELINK,
        /** Point a reference at the original row instead of its re-creation. */
        REPOINT,
        /** Delete a re-created row, now that the original is back. */
        DELETE_RECREATED
    }

    /**
     * A statement and what it should do.
     *
     * @param sql    the statement, without the semicolon
     * @param expect rows it changes when it runs the first time; {@link #ANY} when only {@code done} can tell
     *               (a trigger may or may not have changed the row); {@link #UNCHECKED} for session settings
     * @param done   a query of one value, 1 when what the statement does is already so (a second run); null for none
     */
    public record Statement(String sql, int expect, String done) {
        public static final int ANY = -1;
        public static final int UNCHECKED = -2;
    }

    /**
     * The statement of undo.sql, whose "already done" is that what the forward statement does is not so: it
     * was never done (a step that restore skipped) or it was undone already.
     */
    public Statement undo() {
        if (backward == null || forward == null || forward.done() == null) {
            return backward;
        }
        return new Statement(backward.sql(), backward.expect(), "SELECT 1 - (" + forward.done() + ")");
    }

    public Step withNumber(int n) {
        return new Step(n, kind, table, about, group, needs, comment, forward, backward);
    }
}

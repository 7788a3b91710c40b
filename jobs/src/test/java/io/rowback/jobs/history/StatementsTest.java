package io.rowback.jobs.history;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatementsTest {
    @Test
    void aStatementEndsAtASemicolonOutsideQuotesAndComments() {
        Statements s = new Statements();
        assertEquals(List.of(), s.add("SELECT 'a;b', \"c;d\", `e;f` -- g;h"));
        assertFalse(s.isEmpty());
        assertEquals(List.of(), s.add("/* i; j */ FROM t"));
        assertEquals(List.of("SELECT 'a;b', \"c;d\", `e;f` -- g;h\n/* i; j */ FROM t\nWHERE x = 'it''s'"), s.add("WHERE x = 'it''s' ;"));
        assertTrue(s.isEmpty());
    }

    @Test
    void severalOnOneLineAndTheRestWaits() {
        Statements s = new Statements();
        assertEquals(List.of("SELECT 1", "SELECT 'x\\';y'"), s.add("SELECT 1; SELECT 'x\\';y'; SELECT"));
        assertEquals("SELECT", s.rest());
        assertTrue(s.isEmpty());
    }

    @Test
    void commentsAloneAreNoStatement() {
        Statements s = new Statements();
        assertEquals(List.of(), s.add("-- nothing here;"));
        assertTrue(s.isEmpty());
        assertEquals(List.of(), s.add(";"));
        assertTrue(Statements.complete("SELECT 1;  "));
        assertTrue(Statements.complete("SELECT 1; -- done"));
        assertFalse(Statements.complete("SELECT ';'"));
        assertFalse(Statements.complete("SELECT 1 /* ; */"));
    }
}

package io.rowback.jobs.apply;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Splitting scripts into statements: a semicolon counts only outside strings, identifiers and comments. */
class SqlScriptTest {
    static Stream<Arguments> scripts() {
        return Stream.of(
                Arguments.of("mysql", "SELECT 1; SELECT 2;", List.of("SELECT 1", "SELECT 2")),
                Arguments.of("mysql", "INSERT INTO t VALUES ('a;b');", List.of("INSERT INTO t VALUES ('a;b')")),
                Arguments.of("mysql", "INSERT INTO t VALUES ('it''s; ok');", List.of("INSERT INTO t VALUES ('it''s; ok')")),
                Arguments.of("mysql", "INSERT INTO t VALUES ('back\\\\'); SELECT 2;", List.of("INSERT INTO t VALUES ('back\\\\')", "SELECT 2")),
                Arguments.of("mysql", "INSERT INTO t VALUES ('q\\';x'); SELECT 2;", List.of("INSERT INTO t VALUES ('q\\';x')", "SELECT 2")),
                Arguments.of("mysql", "SELECT `a;b` FROM t;", List.of("SELECT `a;b` FROM t")),
                Arguments.of("mysql", "-- a comment; with a semicolon\nSELECT 1;", List.of("SELECT 1")),
                Arguments.of("mysql", "SELECT 1 /* ; */ + 1;", List.of("SELECT 1 /* ; */ + 1")),
                Arguments.of("postgresql", "SELECT 'back\\'; SELECT 2;", List.of("SELECT 'back\\'", "SELECT 2")),
                Arguments.of("postgresql", "SELECT E'q\\';x'; SELECT 2;", List.of("SELECT E'q\\';x'", "SELECT 2")),
                Arguments.of("postgresql", "SELECT \"a;\"\"b\" FROM t;", List.of("SELECT \"a;\"\"b\" FROM t")),
                Arguments.of("postgresql", "SELECT 1\n-- trailing comment", List.of("SELECT 1")));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("scripts")
    void splits(String dialect, String script, List<String> statements) {
        assertEquals(statements, SqlScript.parse(script, dialect).statements().stream().map(SqlScript.Statement::sql).toList());
    }

    @Test
    void theMarkerLineSaysTheDialectAndTheEscaping() {
        SqlScript s = SqlScript.parse("-- rowback:dialect=mariadb backslash-escapes=off\nSELECT 'a\\'; SELECT 2;", "mariadb");
        assertEquals("mariadb", s.dialect());
        assertFalse(s.backslashEscapes());
        assertEquals(2, s.statements().size(), "with escapes off, the backslash does not escape the quote");
        assertNull(SqlScript.parse("SELECT 1;", "h2").dialect());
    }

    @Test
    void statementsKnowTheirLineAndWhetherTheyControlTheTransaction() {
        List<SqlScript.Statement> s = SqlScript.parse("-- header\nBEGIN;\n\nINSERT INTO t\n  VALUES ('a\nb');\nCOMMIT;\n", "postgresql").statements();
        assertEquals(3, s.size());
        assertTrue(s.get(0).isTransactionControl());
        assertEquals(4, s.get(1).line());
        assertFalse(s.get(1).isTransactionControl());
        assertEquals(7, s.get(2).line(), "lines inside strings count");
        assertTrue(s.get(2).isTransactionControl());
    }
}

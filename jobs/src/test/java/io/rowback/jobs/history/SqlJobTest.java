package io.rowback.jobs.history;

import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What sql says of a query Spark cannot parse: its own words, the position, and the text there. */
class SqlJobTest {
    static String causeOf(String query) {
        AnalysisException e = assertThrows(AnalysisException.class, () -> CatalystSqlParser$.MODULE$.parsePlan(query));
        return SqlJob.cause(e, query);
    }

    /** Spark 4 adds the SQL state to the message, before the position. */
    private static final String STATE = org.apache.spark.package$.MODULE$.SPARK_VERSION().startsWith("3.") ? "" : " SQLSTATE: 42601 ";

    @Test
    void aParseErrorKeepsSparksMessageAndPosition() {
        assertEquals("[PARSE_SYNTAX_ERROR] Syntax error at or near 'label': extra input 'label'." + STATE + "(line 1, pos 17), here: 'label'",
                causeOf("SELECT code FORM label"));
        assertEquals("[PARSE_SYNTAX_ERROR] Syntax error at or near '='." + STATE + "(line 3, pos 10), here: '= 1'", causeOf("SELECT *\nFROM label\nWHERE x = = 1"));
        assertEquals("[PARSE_SYNTAX_ERROR] Syntax error at or near ';'." + STATE + "(line 1, pos 0), here: ';'", causeOf(";"));
    }

    @Test
    void nearIsTheTextFromThePosition() {
        assertEquals("'FORM label'", SqlJob.near("SELECT code FORM label", 1, 12));
        assertEquals("'= 1'", SqlJob.near("SELECT *\nWHERE x = = 1", 2, 10));
        assertEquals("the end of the query", SqlJob.near("SELECT *", 1, 8));
        assertEquals("", SqlJob.near("SELECT *", 3, 0));
        assertEquals("'" + "x".repeat(30) + "...'", SqlJob.near("x".repeat(40), 1, 0));
    }
}

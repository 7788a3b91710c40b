package io.rowback.spark;

import io.rowback.errors.RowbackException;
import io.rowback.jobs.testing.SparkExtension;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExecutionModeTest {
    final SparkSession spark = SparkExtension.spark();

    @AfterEach
    void unset() {
        spark.conf().unset(ExecutionMode.LIMIT);
        spark.conf().unset(ExecutionMode.WHOLE_STAGE);
        spark.conf().unset(ExecutionMode.FACTORY);
    }

    @Test
    void aSmallCommandRunsInterpretedAndSetsTheSessionBack() {
        try (ExecutionMode mode = ExecutionMode.forRows(spark, 440)) {
            assertTrue(mode.isInterpreted());
            assertEquals("false", spark.conf().get(ExecutionMode.WHOLE_STAGE));
            assertEquals("NO_CODEGEN", spark.conf().get(ExecutionMode.FACTORY));
            assertEquals(6L, spark.range(4).selectExpr("sum(id)").first().getLong(0), "a query still answers");
        }
        assertFalse(spark.conf().contains(ExecutionMode.WHOLE_STAGE), "unset again: " + spark.conf().getAll());
        assertFalse(spark.conf().contains(ExecutionMode.FACTORY));
        assertEquals("true", spark.conf().get(ExecutionMode.WHOLE_STAGE));
    }

    @Test
    void interpretedWhileReadingMetadataThenAsTheRowsSay() {
        try (ExecutionMode mode = ExecutionMode.untilSized(spark)) {
            assertEquals("false", spark.conf().get(ExecutionMode.WHOLE_STAGE));
            mode.sized(ExecutionMode.DEFAULT_LIMIT);
            assertTrue(mode.isInterpreted(), "small: stays interpreted");
        }
        assertEquals("true", spark.conf().get(ExecutionMode.WHOLE_STAGE));
        for (long rows : new long[]{ExecutionMode.DEFAULT_LIMIT + 1, -1}) {
            try (ExecutionMode mode = ExecutionMode.untilSized(spark)) {
                mode.sized(rows);
                assertFalse(mode.isInterpreted(), rows + " rows: compiled");
                assertEquals("true", spark.conf().get(ExecutionMode.WHOLE_STAGE), rows + " rows: compiled");
            }
        }
        spark.conf().set(ExecutionMode.LIMIT, "0");
        try (ExecutionMode mode = ExecutionMode.untilSized(spark)) {
            assertFalse(mode.isInterpreted(), "limit 0: never");
        }
    }

    @Test
    void aValueSetBeforeIsKept() {
        spark.conf().set(ExecutionMode.WHOLE_STAGE, "true");
        try (ExecutionMode mode = ExecutionMode.forRows(spark, 10)) {
            assertEquals("false", spark.conf().get(ExecutionMode.WHOLE_STAGE));
        }
        assertEquals("true", spark.conf().get(ExecutionMode.WHOLE_STAGE));
    }

    @Test
    void largeUnknownOrSwitchedOffStaysCompiled() {
        long[][] cases = {
                // rows, limit (-1: the default), interpreted?
                {ExecutionMode.DEFAULT_LIMIT, -1, 1},
                {ExecutionMode.DEFAULT_LIMIT + 1, -1, 0},
                {0, -1, 1},
                {-1, -1, 0},
                {5, 0, 0},
                {5, 5, 1},
                {6, 5, 0},
        };
        for (long[] c : cases) {
            if (c[1] >= 0) {
                spark.conf().set(ExecutionMode.LIMIT, String.valueOf(c[1]));
            } else {
                spark.conf().unset(ExecutionMode.LIMIT);
            }
            try (ExecutionMode mode = ExecutionMode.forRows(spark, c[0])) {
                assertEquals(c[2] == 1, mode.isInterpreted(), c[0] + " rows, limit " + c[1]);
                assertEquals(c[2] == 1 ? "false" : "true", spark.conf().get(ExecutionMode.WHOLE_STAGE), c[0] + " rows, limit " + c[1]);
            }
        }
    }

    @Test
    void aLimitThatIsNoNumberIsRefusedInOneLine() {
        spark.conf().set(ExecutionMode.LIMIT, "many");
        RowbackException e = assertThrows(RowbackException.class, () -> ExecutionMode.forRows(spark, 10));
        assertEquals(RowbackException.BAD_INPUT, e.exitStatus());
        assertTrue(e.getMessage().contains(ExecutionMode.LIMIT + "=many"), e.getMessage());
        assertFalse(spark.conf().contains(ExecutionMode.WHOLE_STAGE), "nothing set");
    }
}

package io.rowback.jobs.testing;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * DataFrame comparisons by schema and rows: spark-testing-base's on Spark 3.5, the same test of our own
 * on Spark 4 ({@link FrameComparison}, one per Spark line under src/test/spark*).
 */
public final class Frames {

    private Frames() {
    }

    /** Same schema, same rows in any order, and the same number of each (except alone is a set operation). */
    public static void assertSameRows(String what, Dataset<Row> expected, Dataset<Row> actual) {
        assertEquals(expected.count(), actual.count(), what + ": row count");
        try {
            FrameComparison.assertNoOrderEquals(expected, actual);
        } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage(), e);
        }
        assertEquals(expected.distinct().count(), actual.distinct().count(), what + ": distinct rows");
    }
}

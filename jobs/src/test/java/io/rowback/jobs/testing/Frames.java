package io.rowback.jobs.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * DataFrame comparisons by schema and rows, with spark-testing-base's assertions (its JUnit 4 base
 * class is used only for its comparison methods; its own SparkContext and Hive are never started).
 */
public final class Frames {
    private static final JavaDataFrameSuiteBase SUITE = new JavaDataFrameSuiteBase() {
        @Override
        public boolean enableHiveSupport() {
            return false;
        }
    };

    private Frames() {
    }

    /** Same schema, same rows in any order, and the same number of each (except alone is a set operation). */
    public static void assertSameRows(String what, Dataset<Row> expected, Dataset<Row> actual) {
        assertEquals(expected.count(), actual.count(), what + ": row count");
        try {
            SUITE.assertDataFrameNoOrderEquals(expected, actual);
        } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage(), e);
        }
        assertEquals(expected.distinct().count(), actual.distinct().count(), what + ": distinct rows");
    }
}

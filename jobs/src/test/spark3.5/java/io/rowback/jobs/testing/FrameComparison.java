package io.rowback.jobs.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Spark 3.5: spark-testing-base's comparison (its JUnit 4 base class is used only for its comparison
 * methods; its own SparkContext and Hive are never started).
 */
final class FrameComparison {
    private static final JavaDataFrameSuiteBase SUITE = new JavaDataFrameSuiteBase() {
        @Override
        public boolean enableHiveSupport() {
            return false;
        }
    };

    private FrameComparison() {
    }

    /** Same schema and the same rows in any order, or an AssertionError saying what differs. */
    static void assertNoOrderEquals(Dataset<Row> expected, Dataset<Row> actual) {
        SUITE.assertDataFrameNoOrderEquals(expected, actual);
    }
}

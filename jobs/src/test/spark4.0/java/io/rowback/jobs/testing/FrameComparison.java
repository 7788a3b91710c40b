package io.rowback.jobs.testing;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Spark 4.0: spark-testing-base has no build for it, so the same comparison as its
 * assertDataFrameNoOrderEquals: the same schema, and no row of one side missing from the other,
 * counting duplicates (exceptAll both ways).
 */
final class FrameComparison {
    private FrameComparison() {
    }

    /** Same schema and the same rows in any order, or an AssertionError saying what differs. */
    static void assertNoOrderEquals(Dataset<Row> expected, Dataset<Row> actual) {
        if (!expected.schema().equals(actual.schema())) {
            throw new AssertionError("schemas differ: expected " + expected.schema().simpleString() + ", actual " + actual.schema().simpleString());
        }
        Dataset<Row> missing = expected.exceptAll(actual);
        Dataset<Row> extra = actual.exceptAll(expected);
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new AssertionError("rows differ: missing " + missing.limit(5).collectAsList() + ", unexpected " + extra.limit(5).collectAsList());
        }
    }
}

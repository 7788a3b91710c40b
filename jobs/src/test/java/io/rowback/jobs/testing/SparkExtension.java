package io.rowback.jobs.testing;

import io.rowback.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One local[2] SparkSession for all tests of the JVM (made by the product's own factory, so the
 * tests run with the settings the jobs run with), with two shuffle partitions and no UI.
 */
public final class SparkExtension implements ParameterResolver {
    private static SparkSession spark;

    public static synchronized SparkSession spark() {
        if (spark == null) {
            System.setProperty("spark.master", "local[2]");
            System.setProperty("spark.sql.shuffle.partitions", "2");
            System.setProperty("spark.ui.enabled", "false");
            // the status store keeps 1000 jobs, stages and SQL executions and 100,000 tasks even without a
            // UI: with Delta's plans, most of a test JVM's heap after some hundred classes
            System.setProperty("spark.ui.retainedJobs", "50");
            System.setProperty("spark.ui.retainedStages", "50");
            System.setProperty("spark.ui.retainedTasks", "1000");
            System.setProperty("spark.sql.ui.retainedExecutions", "20");
            spark = SparkSessions.create("rowback tests");
        }
        return spark;
    }

    /** The session if a test has made it, else null. */
    static synchronized SparkSession existing() {
        return spark;
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == SparkSession.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return spark();
    }
}

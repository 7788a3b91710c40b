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
            spark = SparkSessions.create("rowback tests");
        }
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

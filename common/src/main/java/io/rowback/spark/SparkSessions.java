package io.rowback.spark;

import io.rowback.dialect.SparkJdbcDialects;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;

/**
 * The one place a SparkSession is made: Delta, UTC everywhere, and defaults sized for databases of
 * many small tables. Settings given with --conf (or spark-defaults) win over these defaults; the
 * ones rowback's correctness depends on (time zone, Java time API, Delta) are always set.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    public static SparkSession create(String appName) {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        SparkJdbcDialects.register();
        SparkConf given = new SparkConf(true);
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        if (!given.contains("spark.master")) {
            b.master("local[*]");
        }
        boolean local = given.get("spark.master", "local[*]").startsWith("local");

        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("spark.sql.shuffle.partitions", "8");
        defaults.put("spark.databricks.delta.snapshotPartitions", "2");
        defaults.put("spark.sql.parquet.compression.codec", "zstd");
        defaults.put("spark.ui.showConsoleProgress", "false");
        defaults.put("spark.scheduler.mode", "FAIR");
        defaults.put("spark.sql.adaptive.enabled", "true");
        // one commit a day per table: a checkpoint every 10 made every tenth snapshot several times slower
        defaults.put("spark.databricks.delta.properties.defaults.checkpointInterval", "50");
        // each write task writes one date: with a writer per date open at once, Delta skips the sort of
        // every row by snapshot_date it would otherwise add (about 7% of a large table's time)
        defaults.put("spark.sql.maxConcurrentOutputFileWriters", "2");
        if (local) {
            defaults.put("spark.ui.enabled", "false");
            defaults.put("spark.driver.host", "127.0.0.1");
            defaults.put("spark.driver.bindAddress", "127.0.0.1");
        }
        io.rowback.store.NoForkLocalFileSystem.settings().forEach((k, v) -> defaults.put("spark.hadoop." + k, v));
        defaults.forEach((k, v) -> {
            if (!given.contains(k)) {
                b.config(k, v);
            }
        });

        String extensions = given.get("spark.sql.extensions", "");
        if (!extensions.contains("io.delta.sql.DeltaSparkSessionExtension")) {
            b.config("spark.sql.extensions", (extensions.isEmpty() ? "" : extensions + ",") + "io.delta.sql.DeltaSparkSessionExtension");
        }
        b.config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        b.config("spark.sql.session.timeZone", "UTC");
        b.config("spark.sql.datetime.java8API.enabled", "true");
        b.config("spark.sql.catalogImplementation", "in-memory");
        // values are kept as the database gives them: no padding of CHAR(n), no length checks of VARCHAR(n)
        b.config("spark.sql.readSideCharPadding", "false");
        b.config("spark.sql.legacy.charVarcharAsString", "true");
        // dates before 1582 and times before 1900 are written as they are (proleptic Gregorian, as the
        // databases keep them); only Spark 2 would read them differently, and it cannot read Delta 3
        for (String mode : new String[]{"datetimeRebaseModeInWrite", "datetimeRebaseModeInRead", "int96RebaseModeInWrite", "int96RebaseModeInRead"}) {
            b.config("spark.sql.parquet." + mode, "CORRECTED");
        }
        // executors read DATETIME/timestamp values through java.sql.Timestamp, in the JVM's zone: make it UTC
        String executorOpts = given.get("spark.executor.extraJavaOptions", "");
        if (!executorOpts.contains("-Duser.timezone=")) {
            b.config("spark.executor.extraJavaOptions", (executorOpts + " -Duser.timezone=UTC").strip());
        }
        return b.getOrCreate();
    }
}

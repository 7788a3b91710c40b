package io.rowback.spark;

import org.apache.spark.sql.SparkSession;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How Spark evaluates a command's queries. Spark compiles every query to Java with Janino before it
 * runs; a command over a small history plans hundreds of small queries, and compiling them cost more
 * than running them (a reconcile of the incident-sized benchmark, 300k rows: 54 s with compiling, 38 s
 * interpreted; of 2M rows: the same either way). So a command that reads at most
 * {@value #DEFAULT_LIMIT} rows ({@code spark.rowback.interpretedRowsLimit}; 0: never) runs interpreted,
 * and sets the session back when it ends. Settings the user gave for either switch win.
 */
public final class ExecutionMode implements AutoCloseable {
    public static final String LIMIT = "spark.rowback.interpretedRowsLimit";
    public static final long DEFAULT_LIMIT = 1_000_000L;
    static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";
    // internal to Spark, in 3.5 and 4.0 alike: NO_CODEGEN makes projections and predicates interpreted
    static final String FACTORY = "spark.sql.codegen.factoryMode";

    private final SparkSession spark;
    private final Map<String, String> before = new LinkedHashMap<>();

    private ExecutionMode(SparkSession spark) {
        this.spark = spark;
    }

    /** Interpreted when {@code rows} (what the command reads, or -1 when unknown) is at most the limit; close() restores. */
    public static ExecutionMode forRows(SparkSession spark, long rows) {
        ExecutionMode mode = new ExecutionMode(spark);
        if (interpreted(spark, rows)) {
            mode.set(WHOLE_STAGE, "false");
            mode.set(FACTORY, "NO_CODEGEN");
        }
        return mode;
    }

    /**
     * Interpreted from the start of a command, while it reads its metadata (catalog, runs, the Delta
     * logs: always small), until {@link #sized} says how many rows it reads; unless the limit is 0.
     */
    public static ExecutionMode untilSized(SparkSession spark) {
        return forRows(spark, 0);
    }

    /** Back to compiled code when the command reads more rows than the limit, or an unknown number (-1). */
    public void sized(long rows) {
        if (!interpreted(spark, rows)) {
            close();
        }
    }

    /** Whether a command over that many rows runs interpreted in this session. */
    public static boolean interpreted(SparkSession spark, long rows) {
        long limit = limit(spark.conf().get(LIMIT, String.valueOf(DEFAULT_LIMIT)));
        return rows >= 0 && rows <= limit && limit > 0;
    }

    public boolean isInterpreted() {
        return !before.isEmpty();
    }

    private void set(String key, String value) {
        if (spark.sparkContext().getConf().contains(key)) {
            return;
        }
        before.put(key, spark.conf().contains(key) ? spark.conf().get(key) : null);
        spark.conf().set(key, value);
    }

    private static long limit(String text) {
        try {
            return Long.parseLong(text.strip().replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw io.rowback.errors.Errors.badSetting(LIMIT, text, "a number of rows (0: never run interpreted)");
        }
    }

    @Override
    public void close() {
        before.forEach((k, v) -> {
            if (v == null) {
                spark.conf().unset(k);
            } else {
                spark.conf().set(k, v);
            }
        });
        before.clear();
    }
}

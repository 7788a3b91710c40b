package io.rowback.jobs.history;

import io.rowback.errors.Errors;
import io.rowback.store.DeltaPaths;
import io.rowback.store.WarehouseLayout;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The history of a source as Spark SQL views: one per table over all its dates (column
 * snapshot_date), plus {@code rowback_catalog} and {@code rowback_runs}. Opening a Delta table reads
 * its log, so only the tables a query names are opened.
 */
public final class HistoryViews {
    public static final String CATALOG_VIEW = "rowback_catalog";
    public static final String RUNS_VIEW = "rowback_runs";
    private static final Pattern WORD = Pattern.compile("'(?:[^'\\\\]|\\\\.|'')*'|`((?:[^`]|``)+)`|\"((?:[^\"]|\"\")+)\"|([\\p{L}_$][\\p{L}\\p{N}_$]*)");

    private HistoryViews() {
    }

    /** Table name → Delta path of every table that has snapshots. */
    public static Map<String, String> tables(SparkSession spark, WarehouseLayout layout) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try {
            Path root = new Path(layout.sourcePath());
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            for (FileStatus s : fs.listStatus(root)) {
                String name = s.getPath().getName();
                if (s.isDirectory() && !name.equals(WarehouseLayout.META) && fs.exists(new Path(s.getPath(), "_delta_log"))) {
                    out.put(WarehouseLayout.decode(name), s.getPath().toString());
                }
            }
        } catch (FileNotFoundException e) {
            return out;
        } catch (IOException e) {
            throw Errors.wrap("listing " + layout.sourcePath(), e);
        }
        return out;
    }

    /** Registers the views a query needs; returns the tables registered. */
    public static Set<String> registerFor(SparkSession spark, WarehouseLayout layout, String query) {
        Map<String, String> tables = tables(spark, layout);
        if (tables.isEmpty()) {
            throw Errors.noSnapshots(layout.source(), layout.warehouse());
        }
        Set<String> named = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        Matcher m = WORD.matcher(query);
        while (m.find()) {
            String w = m.group(1) != null ? m.group(1).replace("``", "`") : m.group(2) != null ? m.group(2).replace("\"\"", "\"") : m.group(3);
            if (w != null) {
                named.add(w);
            }
        }
        Set<String> registered = new java.util.TreeSet<>();
        for (Map.Entry<String, String> t : tables.entrySet()) {
            if (named.contains(t.getKey())) {
                register(spark, t.getKey(), t.getValue());
                registered.add(t.getKey());
            }
        }
        if (named.contains(CATALOG_VIEW) && DeltaPaths.isDeltaTable(spark, layout.catalogPath())) {
            register(spark, CATALOG_VIEW, layout.catalogPath());
        }
        if (named.contains(RUNS_VIEW) && DeltaPaths.isDeltaTable(spark, layout.runsPath())) {
            register(spark, RUNS_VIEW, layout.runsPath());
        }
        return registered;
    }

    public static void register(SparkSession spark, String view, String path) {
        spark.read().format("delta").load(path).createOrReplaceTempView("`" + view.replace("`", "``") + "`");
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}

package io.rowback.jobs.history;

import io.rowback.errors.Errors;
import io.rowback.store.DeltaPaths;
import io.rowback.store.SnapshotReader;
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
        // case-sensitive: tables "T" and "t" are two tables with two folders
        Map<String, String> out = new TreeMap<>();
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

    /** The views a query got, and what the user must know to name them (one line each). */
    public record Registered(Set<String> tables, java.util.List<String> notes) {
    }

    /** Registers the views a query needs; returns the tables registered. */
    public static Set<String> registerFor(SparkSession spark, WarehouseLayout layout, String query) {
        return registerViews(spark, layout, query).tables();
    }

    /**
     * Registers the views a query needs. Names that differ only in case (tables "T" and "t", columns
     * "ID2" and "id2") are kept apart by running the query case-sensitively (spark.sql.caseSensitive),
     * and a note says so; a source column named snapshot_date is shown under its stored name.
     */
    public static Registered registerViews(SparkSession spark, WarehouseLayout layout, String query) {
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
        java.util.List<String> notes = new java.util.ArrayList<>();
        boolean caseSensitive = false;
        Map<String, org.apache.spark.sql.Dataset<org.apache.spark.sql.Row>> frames = new TreeMap<>();
        for (Map.Entry<String, String> t : tables.entrySet()) {
            if (named.contains(t.getKey())) {
                var frame = SnapshotReader.withSourceNames(spark.read().format("delta").load(t.getValue()));
                frames.put(t.getKey(), frame);
                String[] columns = frame.columns();
                registered.add(t.getKey());
                Set<String> seen = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                for (String c : columns) {
                    if (!seen.add(c)) {
                        caseSensitive = true;
                        notes.add("note: table " + t.getKey() + " has columns that differ only in case (" + c + "): name each exactly");
                    }
                    if (!c.equals(WarehouseLayout.DATE_COLUMN) && WarehouseLayout.sourceName(c).equalsIgnoreCase(WarehouseLayout.DATE_COLUMN)) {
                        notes.add("note: the column " + WarehouseLayout.sourceName(c) + " of table " + t.getKey() + " is shown as `" + c
                                + "` (snapshot_date is the date of the snapshot)");
                    }
                }
            }
        }
        Set<String> folded = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String t : registered) {
            if (!folded.add(t)) {
                caseSensitive = true;
                notes.add("note: tables " + String.join(" and ", registered.stream().filter(o -> o.equalsIgnoreCase(t)).toList())
                        + " differ only in case: name each exactly");
            }
        }
        if (caseSensitive) {
            spark.conf().set("spark.sql.caseSensitive", "true");
            notes.add("note: the query runs case-sensitively (spark.sql.caseSensitive=true): every table and column as the source spells it");
        }
        // after the setting: a case-insensitive session would fold "T" and "t" into one view
        frames.forEach((view, frame) -> frame.createOrReplaceTempView("`" + view.replace("`", "``") + "`"));
        if (named.contains(CATALOG_VIEW) && DeltaPaths.isDeltaTable(spark, layout.catalogPath())) {
            register(spark, CATALOG_VIEW, layout.catalogPath());
        }
        if (named.contains(RUNS_VIEW) && DeltaPaths.isDeltaTable(spark, layout.runsPath())) {
            register(spark, RUNS_VIEW, layout.runsPath());
        }
        return new Registered(registered, notes);
    }

    /** A view over a Delta table, its columns under the source's names; returns them. */
    public static String[] register(SparkSession spark, String view, String path) {
        var frame = SnapshotReader.withSourceNames(spark.read().format("delta").load(path));
        frame.createOrReplaceTempView("`" + view.replace("`", "``") + "`");
        return frame.columns();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}

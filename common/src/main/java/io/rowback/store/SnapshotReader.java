package io.rowback.store;

import io.rowback.catalog.Table;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.AddFile;
import scala.Option;
import scala.collection.JavaConverters;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Reads the snapshots of a source: one table on one date, or over a range of dates. The files of a
 * (table, dates) are looked up in the Delta log once and the frame is pinned to them: a plain Delta
 * read lists its files again in every query that uses it (Delta's PrepareDeltaScan, a Spark job over
 * the log each time), which was a third of reconcile's time on a small database.
 */
public final class SnapshotReader {
    private final SparkSession spark;
    private final WarehouseLayout layout;
    private final Map<String, Dataset<Row>> pinned = new ConcurrentHashMap<>();
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final Map<String, List<AddFile>> files = new ConcurrentHashMap<>();

    public SnapshotReader(SparkSession spark, WarehouseLayout layout) {
        this.spark = spark;
        this.layout = layout;
    }

    public WarehouseLayout layout() {
        return layout;
    }

    public boolean exists(String table) {
        return DeltaPaths.isDeltaTable(spark, layout.tablePath(table));
    }

    /**
     * All dates of a table, with its snapshot_date column, every column under the source's name
     * except a source column named snapshot_date (any case), which keeps its stored name
     * ({@link WarehouseLayout#storedName}: snapshot%5Fdate).
     */
    public Dataset<Row> all(String table) {
        return withSourceNames(spark.read().format("delta").load(layout.tablePath(table)));
    }

    /** The table's rows on one date, with the columns the catalog of that date lists (in its order), under the source's names. */
    public Dataset<Row> at(Table table, LocalDate date) {
        Map<String, String> stored = WarehouseLayout.storedNames(table);
        return pinned(table.name(), date, date)
                .select(table.columns().stream().map(c -> col(quoted(stored.get(c.name()))).as(c.name())).toArray(Column[]::new));
    }

    /**
     * The given columns of the table on every date of [from, to], with snapshot_date. Columns are
     * named as in the source; a source column named snapshot_date (any case) is returned under its
     * stored name, see {@link #all}.
     */
    public Dataset<Row> between(String table, List<String> columns, LocalDate from, LocalDate to) {
        Dataset<Row> frame = pinned(table, from, to);
        Map<String, String> byName = new java.util.HashMap<>();
        for (String stored : frame.columns()) {
            byName.put(WarehouseLayout.sourceName(stored), stored);
        }
        Column[] cols = java.util.stream.Stream.concat(columns.stream().map(c -> {
                    String stored = byName.getOrDefault(c, c);
                    return col(quoted(stored)).as(visibleName(stored));
                }),
                java.util.stream.Stream.of(col(WarehouseLayout.DATE_COLUMN))).toArray(Column[]::new);
        return frame.select(cols);
    }

    /** Every stored column renamed to its source name (a source's snapshot_date keeps its stored name). */
    public static Dataset<Row> withSourceNames(Dataset<Row> frame) {
        boolean renamed = false;
        List<Column> cols = new java.util.ArrayList<>();
        for (String stored : frame.columns()) {
            String visible = stored.equals(WarehouseLayout.DATE_COLUMN) ? stored : visibleName(stored);
            renamed |= !visible.equals(stored);
            cols.add(col(quoted(stored)).as(visible));
        }
        return renamed ? frame.select(cols.toArray(new Column[0])) : frame;
    }

    /** The name a stored column is shown under beside snapshot_date. */
    public static String visibleName(String stored) {
        String source = WarehouseLayout.sourceName(stored);
        return source.equalsIgnoreCase(WarehouseLayout.DATE_COLUMN) ? stored : source;
    }

    /** The table's rows of the dates [from, to], over the files the Delta log lists for them now. */
    private Dataset<Row> pinned(String table, LocalDate from, LocalDate to) {
        String id = table + "\u0000" + from + "\u0000" + to;
        Dataset<Row> known = pinned.get(id);
        if (known != null) {
            return known;
        }
        DeltaLog log = DeltaLog.forTable(spark, layout.tablePath(table));
        // one look at the log per table and command: every range of the table is read from the same version
        Snapshot snapshot = snapshots.computeIfAbsent(table, t -> log.update(false, Option.empty(), Option.empty()));
        if (snapshot.version() < 0) {
            snapshots.remove(table);
            // not a Delta table (yet): let Delta's own read say so
            Column d = col(WarehouseLayout.DATE_COLUMN);
            return all(table).where(d.geq(lit(from)).and(d.leq(lit(to))));
        }
        // the file list of the table, once per command (a Spark job over the log each time): every
        // range is cut from it on the driver, as Delta's own scan planning holds the list there too
        List<AddFile> ofTable = files.computeIfAbsent(table, t -> snapshot.allFiles().collectAsList());
        String first = from.toString();
        String last = to.toString();
        List<AddFile> inRange = new java.util.ArrayList<>();
        for (AddFile file : ofTable) {
            Option<String> date = file.partitionValues().get(WarehouseLayout.DATE_COLUMN);
            if (date.isDefined() && date.get().compareTo(first) >= 0 && date.get().compareTo(last) <= 0) {
                inRange.add(file);
            }
        }
        Dataset<Row> frame = log.createDataFrame(snapshot, JavaConverters.asScalaBuffer(inRange).toSeq(), false, Option.empty());
        Dataset<Row> raced = pinned.putIfAbsent(id, frame);
        return raced == null ? frame : raced;
    }

    /** A name for Spark's col(): backticks, so that dots and spaces are part of the name. */
    public static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}

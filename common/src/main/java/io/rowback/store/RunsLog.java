package io.rowback.store;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * {@code _rowback/runs}: what each snapshot run did to each table. A run first clears its date (so a
 * date being rewritten is never complete), and records all its tables in one commit at the end.
 * The comparison columns (compared_with, vanished, appeared, changed) came later: runs written
 * before them read as null there, as do the instant's columns (consistency: consistent or per-table;
 * snapshot_position: the WAL LSN or binlog position of a consistent instant).
 */
public final class RunsLog {
    public static final StructType SCHEMA = new StructType()
            .add(WarehouseLayout.DATE_COLUMN, DataTypes.DateType, false)
            .add("table_name", DataTypes.StringType, false)
            .add("status", DataTypes.StringType, false)
            .add("rows", DataTypes.LongType, false)
            .add("bytes", DataTypes.LongType, false)
            .add("seconds", DataTypes.DoubleType, false)
            .add("error", DataTypes.StringType, true)
            .add("finished_at", DataTypes.TimestampType, false)
            .add("compared_with", DataTypes.DateType, true)
            .add("vanished", DataTypes.LongType, true)
            .add("appeared", DataTypes.LongType, true)
            .add("changed", DataTypes.LongType, true)
            .add("consistency", DataTypes.StringType, true)
            .add("snapshot_position", DataTypes.StringType, true);

    private final SparkSession spark;
    private final WarehouseLayout layout;
    /** Dates read by this log: a command that reads a date twice (reconcile's size, then its checks) queries it once. */
    private final Map<LocalDate, Map<String, RunRecord>> read = new java.util.concurrent.ConcurrentHashMap<>();

    public RunsLog(SparkSession spark, WarehouseLayout layout) {
        this.spark = spark;
        this.layout = layout;
    }

    public boolean exists() {
        return DeltaPaths.isDeltaTable(spark, layout.runsPath());
    }

    /** Marks the date as being written: nothing of it counts as complete until {@link #record}. */
    public void clear(LocalDate date) {
        read.clear();
        if (DeltaPaths.hasPartition(spark, layout.runsPath(), date) && exists()) {
            DeltaTable.forPath(spark, layout.runsPath()).delete(col(WarehouseLayout.DATE_COLUMN).equalTo(lit(date)));
        }
    }

    /** Removes the records of the given tables on that date (a rerun of those tables alone). */
    public void clear(LocalDate date, java.util.Collection<String> tables) {
        read.clear();
        if (!tables.isEmpty() && DeltaPaths.hasPartition(spark, layout.runsPath(), date) && exists()) {
            DeltaTable.forPath(spark, layout.runsPath()).delete(col(WarehouseLayout.DATE_COLUMN).equalTo(lit(date))
                    .and(col("table_name").isin(tables.toArray())));
        }
    }

    public void record(List<RunRecord> records) {
        record(records, null, null);
    }

    public void record(List<RunRecord> records, String consistency, String position) {
        read.clear();
        Instant now = Instant.now();
        List<Row> rows = new ArrayList<>();
        for (RunRecord r : records) {
            RunRecord.Changes c = r.changes();
            rows.add(RowFactory.create(r.date(), r.table(), r.status(), r.rows(), r.bytes(), r.seconds(), r.error(), now,
                    c == null ? null : c.since(), c == null ? null : c.vanished(), c == null ? null : c.appeared(),
                    c == null ? null : c.changed(), consistency, position));
        }
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().format("delta").mode("append")
                .option("mergeSchema", "true")
                .partitionBy(WarehouseLayout.DATE_COLUMN).save(layout.runsPath());
    }

    /** The latest outcome per table on that date. */
    public Map<String, RunRecord> read(LocalDate date) {
        Map<String, RunRecord> known = read.get(date);
        if (known != null) {
            return known;
        }
        Map<String, RunRecord> out = new TreeMap<>();
        for (RunRecord r : readAll(date).getOrDefault(date, Map.of()).values()) {
            out.put(r.table(), r);
        }
        out = java.util.Collections.unmodifiableMap(out);
        read.put(date, out);
        return out;
    }

    /** The rows the tables had on the dates together, as their runs counted them (none for a table not snapshotted then); -1 when a run failed. */
    public long rows(java.util.Collection<String> tables, LocalDate... dates) {
        if (java.util.Arrays.stream(dates).filter(d -> !read.containsKey(d)).count() > 1) {
            // several dates not read yet: all of them in one query
            Map<LocalDate, Map<String, RunRecord>> all = readAll(null);
            for (LocalDate d : dates) {
                read.putIfAbsent(d, java.util.Collections.unmodifiableMap(all.getOrDefault(d, new TreeMap<>())));
            }
        }
        long sum = 0;
        for (LocalDate d : dates) {
            Map<String, RunRecord> runs = read(d);
            for (String t : tables) {
                RunRecord r = runs.get(t);
                if (r == null) {
                    continue;
                }
                if (!r.succeeded()) {
                    return -1;
                }
                sum += r.rows();
            }
        }
        return sum;
    }

    /** The latest outcome per table of every date (of one date when given): a few rows per table and date. */
    public Map<LocalDate, Map<String, RunRecord>> readAll(LocalDate only) {
        Map<LocalDate, Map<String, RunRecord>> out = new TreeMap<>();
        if (!exists()) {
            return out;
        }
        var df = spark.read().format("delta").load(layout.runsPath());
        if (only != null) {
            df = df.where(col(WarehouseLayout.DATE_COLUMN).equalTo(lit(only)));
        }
        boolean compared = List.of(df.schema().fieldNames()).contains("vanished");
        for (Row r : df.orderBy("finished_at").collectAsList()) {
            LocalDate date = r.getAs(WarehouseLayout.DATE_COLUMN) instanceof java.sql.Date d ? d.toLocalDate() : r.getAs(WarehouseLayout.DATE_COLUMN);
            RunRecord.Changes changes = null;
            if (compared && r.getAs("vanished") != null) {
                Object since = r.getAs("compared_with");
                changes = new RunRecord.Changes(since instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) since,
                        r.<Long>getAs("vanished"), r.<Long>getAs("appeared"), r.<Long>getAs("changed"));
            }
            out.computeIfAbsent(date, d -> new TreeMap<>()).put(r.getAs("table_name"), new RunRecord(date, r.getAs("table_name"),
                    RunRecord.SUCCEEDED.equals(r.getAs("status")), r.<Long>getAs("rows"), r.<Long>getAs("bytes"),
                    r.<Double>getAs("seconds"), r.getAs("error"), changes));
        }
        return out;
    }

    /** Dates on which every recorded table succeeded, oldest first. */
    public List<LocalDate> completeDates() {
        List<LocalDate> out = new ArrayList<>();
        readAll(null).forEach((d, tables) -> {
            if (!tables.isEmpty() && tables.values().stream().allMatch(RunRecord::succeeded)) {
                out.add(d);
            }
        });
        return out;
    }
}

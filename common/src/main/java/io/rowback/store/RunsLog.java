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
            .add("finished_at", DataTypes.TimestampType, false);

    private final SparkSession spark;
    private final WarehouseLayout layout;

    public RunsLog(SparkSession spark, WarehouseLayout layout) {
        this.spark = spark;
        this.layout = layout;
    }

    public boolean exists() {
        return DeltaPaths.isDeltaTable(spark, layout.runsPath());
    }

    /** Marks the date as being written: nothing of it counts as complete until {@link #record}. */
    public void clear(LocalDate date) {
        if (DeltaPaths.hasPartition(spark, layout.runsPath(), date) && exists()) {
            DeltaTable.forPath(spark, layout.runsPath()).delete(col(WarehouseLayout.DATE_COLUMN).equalTo(lit(date)));
        }
    }

    public void record(List<RunRecord> records) {
        Instant now = Instant.now();
        List<Row> rows = new ArrayList<>();
        for (RunRecord r : records) {
            rows.add(RowFactory.create(r.date(), r.table(), r.status(), r.rows(), r.bytes(), r.seconds(), r.error(), now));
        }
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().format("delta").mode("append")
                .partitionBy(WarehouseLayout.DATE_COLUMN).save(layout.runsPath());
    }

    /** The latest outcome per table on that date. */
    public Map<String, RunRecord> read(LocalDate date) {
        Map<String, RunRecord> out = new TreeMap<>();
        if (!exists()) {
            return out;
        }
        List<Row> rows = spark.read().format("delta").load(layout.runsPath())
                .where(col(WarehouseLayout.DATE_COLUMN).equalTo(lit(date))).orderBy("finished_at").collectAsList();
        for (Row r : rows) {
            out.put(r.getAs("table_name"), new RunRecord(date, r.getAs("table_name"), RunRecord.SUCCEEDED.equals(r.getAs("status")),
                    r.<Long>getAs("rows"), r.<Long>getAs("bytes"), r.<Double>getAs("seconds"), r.getAs("error")));
        }
        return out;
    }
}

package io.rowback.jobs.reconcile;

import io.rowback.catalog.Table;
import io.rowback.store.SnapshotReader;
import io.rowback.store.WarehouseLayout;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;

/**
 * When each deleted root vanished: the last snapshot date it was seen on and the first it was
 * missing from, among the dates snapshotted between D1 and D2. Roots that went missing on the same
 * date form a series.
 */
final class Timeline {
    static final String LAST_SEEN = "last_seen";
    static final String FIRST_MISSING = "first_missing";

    /** How many roots went missing on a date (missing from that snapshot, seen on the one before). */
    record Series(LocalDate lastSeen, LocalDate firstMissing, long roots) {
    }

    private Timeline() {
    }

    /**
     * (rb_table, rb_key, last_seen, first_missing) for the roots of one table.
     *
     * @param dates the snapshot dates from D1 to D2, ascending
     */
    static Dataset<Row> of(SparkSession spark, SnapshotReader reader, Table root, Dataset<Row> rootNodes, List<LocalDate> dates) {
        Dataset<Row> seen = reader.between(root.name(), Keys.identity(root), dates.get(0), dates.get(dates.size() - 1))
                .withColumn(Keys.KEY, Keys.of(root));
        Dataset<Row> mine = rootNodes.where(col(Keys.TABLE).equalTo(root.name()));
        Dataset<Row> last = seen.join(mine, seen.col(Keys.KEY).equalTo(mine.col(Keys.KEY)), "left_semi")
                .groupBy(Keys.KEY).agg(max(WarehouseLayout.DATE_COLUMN).as(LAST_SEEN));
        List<Row> next = new ArrayList<>();
        for (int i = 0; i + 1 < dates.size(); i++) {
            next.add(RowFactory.create(dates.get(i), dates.get(i + 1)));
        }
        Dataset<Row> steps = spark.createDataFrame(next, new StructType().add("s_last", DataTypes.DateType).add(FIRST_MISSING, DataTypes.DateType));
        return last.join(steps, last.col(LAST_SEEN).equalTo(steps.col("s_last")))
                .select(org.apache.spark.sql.functions.lit(root.name()).as(Keys.TABLE), last.col(Keys.KEY), last.col(LAST_SEEN), steps.col(FIRST_MISSING));
    }

    static List<Series> series(Dataset<Row> timeline) {
        List<Series> out = new ArrayList<>();
        for (Row r : timeline.groupBy(LAST_SEEN, FIRST_MISSING).agg(count("*").as("n")).orderBy(FIRST_MISSING).collectAsList()) {
            out.add(new Series(r.getAs(LAST_SEEN), r.getAs(FIRST_MISSING), r.<Long>getAs("n")));
        }
        return out;
    }
}

package io.rowback.jobs.reconcile;

import io.rowback.catalog.ForeignKey;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The order of rows within a table that references itself (a place and its parent place): level 0
 * for rows whose parent is not among them, then each row one level after all its parents. Rows in a
 * cycle get no level.
 */
final class SelfReferenceLevels {
    static final String LEVEL = "rb_level";

    private SelfReferenceLevels() {
    }

    /** The rows with rb_level; rows in a cycle have it NULL. */
    static Dataset<Row> of(Dataset<Row> rows, List<ForeignKey> selfReferences) {
        Dataset<Row> edges = null;
        for (ForeignKey f : selfReferences) {
            Dataset<Row> c = rows.alias("c");
            Dataset<Row> p = rows.alias("p");
            org.apache.spark.sql.Column on = Keys.in("c", Keys.KEY).notEqual(Keys.in("p", Keys.KEY));
            for (int i = 0; i < f.columns().size(); i++) {
                on = on.and(Keys.in("c", f.columns().get(i)).equalTo(Keys.in("p", f.refColumns().get(i))));
            }
            Dataset<Row> e = c.join(p, on).select(Keys.in("c", Keys.KEY).as("child"), Keys.in("p", Keys.KEY).as("parent"));
            edges = edges == null ? e : edges.union(e);
        }
        edges = edges.distinct().localCheckpoint();
        Dataset<Row> keys = rows.select(col(Keys.KEY)).localCheckpoint();
        Dataset<Row> assigned = keys.limit(0).withColumn(LEVEL, lit(0));
        Dataset<Row> unassigned = keys;
        for (int level = 0; ; level++) {
            Dataset<Row> blocked = edges.join(unassigned, edges.col("parent").equalTo(unassigned.col(Keys.KEY)), "left_semi").select(col("child"));
            Dataset<Row> next = unassigned.join(blocked, unassigned.col(Keys.KEY).equalTo(blocked.col("child")), "left_anti").localCheckpoint();
            if (next.isEmpty()) {
                break;
            }
            assigned = assigned.union(next.withColumn(LEVEL, lit(level))).localCheckpoint();
            unassigned = unassigned.join(next, unassigned.col(Keys.KEY).equalTo(next.col(Keys.KEY)), "left_anti").localCheckpoint();
        }
        return rows.join(assigned, rows.col(Keys.KEY).equalTo(assigned.col(Keys.KEY)), "left_outer").drop(assigned.col(Keys.KEY));
    }
}

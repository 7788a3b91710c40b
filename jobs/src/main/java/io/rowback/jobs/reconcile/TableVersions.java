package io.rowback.jobs.reconcile;

import io.rowback.catalog.Table;
import io.rowback.store.SnapshotReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import org.apache.spark.sql.expressions.Window;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

/**
 * One table on the two dates being reconciled: its rows on D1 and on D2 with their key column, and
 * the rows that vanished (on D1, not on D2). The vanished rows are few and used many times: they
 * are kept in memory. The full tables are read again where needed (column and partition pruned).
 */
final class TableVersions {
    final Table before;
    final Table after;
    private final SnapshotReader reader;
    private final LocalDate from;
    private final LocalDate to;
    private Dataset<Row> vanished;

    TableVersions(SnapshotReader reader, Table before, Table after, LocalDate from, LocalDate to) {
        this.reader = reader;
        this.before = before;
        this.after = after;
        this.from = from;
        this.to = to;
    }

    String name() {
        return before.name();
    }

    /** Rows on D1 with rb_key. */
    Dataset<Row> atFrom() {
        return reader.at(before, from).withColumn(Keys.KEY, Keys.of(before));
    }

    /** Rows on D2 with rb_key (empty when the table was gone on D2). */
    Dataset<Row> atTo() {
        Table t = after != null ? after : before;
        return reader.at(t, to).withColumn(Keys.KEY, Keys.of(identityOn(t)));
    }

    private java.util.List<String> identityOn(Table t) {
        return Keys.identity(before).stream().allMatch(c -> t.column(c).isPresent()) ? Keys.identity(before) : Keys.identity(t);
    }

    /**
     * Rows of D1 whose key is not on D2, with rb_key; cached. A table without primary key is a multiset:
     * of n copies of a row on D1 and m on D2, copies m+1..n vanished, each with its number in rb_copy.
     */
    synchronized Dataset<Row> vanished() {
        if (vanished == null) {
            Dataset<Row> d1 = atFrom();
            Dataset<Row> keysOn2 = after == null ? d1.limit(0).select(col(Keys.KEY)) : atTo().select(col(Keys.KEY));
            if (before.hasPrimaryKey()) {
                vanished = d1.join(keysOn2, d1.col(Keys.KEY).equalTo(keysOn2.col(Keys.KEY)), "left_anti");
            } else {
                Dataset<Row> now = keysOn2.groupBy(col(Keys.KEY).as("m_key")).agg(count("*").as("rb_now"));
                Dataset<Row> copies = d1.withColumn(Keys.COPY, row_number().over(Window.partitionBy(col(Keys.KEY)).orderBy(col(Keys.KEY))));
                vanished = copies.join(now, copies.col(Keys.KEY).equalTo(now.col("m_key")), "left_outer")
                        .where(col(Keys.COPY).gt(coalesce(col("rb_now"), lit(0L)))).drop("m_key", "rb_now");
            }
            vanished = vanished.persist(StorageLevel.MEMORY_AND_DISK());
        }
        return vanished;
    }

    void release() {
        if (vanished != null) {
            vanished.unpersist();
        }
    }

    static Map<String, TableVersions> cache() {
        return new HashMap<>();
    }

    static Column[] columns(java.util.List<String> names) {
        return names.stream().map(n -> col(SnapshotReader.quoted(n))).toArray(Column[]::new);
    }
}

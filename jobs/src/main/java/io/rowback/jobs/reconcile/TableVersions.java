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

import static org.apache.spark.sql.functions.col;

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

    /** Rows of D1 whose key is not on D2, with rb_key; cached. */
    synchronized Dataset<Row> vanished() {
        if (vanished == null) {
            Dataset<Row> d1 = atFrom();
            Dataset<Row> keysOn2 = after == null ? d1.limit(0).select(col(Keys.KEY)) : atTo().select(col(Keys.KEY));
            vanished = d1.join(keysOn2, d1.col(Keys.KEY).equalTo(keysOn2.col(Keys.KEY)), "left_anti")
                    .persist(StorageLevel.MEMORY_AND_DISK());
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

package io.rowback.jobs.reconcile;

import io.rowback.catalog.Table;
import io.rowback.store.SnapshotReader;
import org.apache.spark.sql.Column;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

/**
 * The identity of a row as one text value: its primary key as JSON with positional names,
 * {@code {"k0":20606}}. Positional, so that the rows of one entity in tables joined by inheritance
 * (partner 20606, person 20606, client 20606) have the same key. A table without a primary key is
 * identified by all its columns.
 */
final class Keys {
    static final String KEY = "rb_key";
    static final String TABLE = "rb_table";
    /** Of a vanished row of a table without primary key: which copy of its row it is (1 for the first). */
    static final String COPY = "rb_copy";

    private Keys() {
    }

    static List<String> identity(Table t) {
        return t.hasPrimaryKey() ? t.primaryKey().columns() : t.columnNames();
    }

    /** The key column of a row of the table, from the given columns (in key order). */
    static Column of(List<String> columns) {
        List<Column> fields = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            fields.add(col(SnapshotReader.quoted(columns.get(i))).as("k" + i));
        }
        return to_json(struct(fields.toArray(new Column[0])));
    }

    /** A column of an aliased dataset: needed wherever a dataset may be joined with itself. */
    static Column in(String alias, String name) {
        return col(alias + "." + SnapshotReader.quoted(name));
    }

    /** The copy number of a vanished row of a table without primary key, null for a row with a key. */
    static Integer copy(org.apache.spark.sql.Row r) {
        return List.of(r.schema().fieldNames()).contains(COPY) ? r.<Integer>getAs(COPY) : null;
    }

    static Column of(Table t) {
        return of(identity(t));
    }
}

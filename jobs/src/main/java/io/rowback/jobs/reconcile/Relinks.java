package io.rowback.jobs.reconcile;

import io.rowback.catalog.ForeignKey;
import io.rowback.catalog.Table;
import io.rowback.store.SnapshotReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.col;

/**
 * References cut between the dates: rows there on both dates whose reference held a value on D1 and is
 * NULL on D2, where that value is a row that vanished and is restored. A declared ON DELETE SET NULL cut
 * them when the parent went; any other reference was nulled by a person, which is a choice: those are
 * only counted, and set back when the source says {@code restoreNulledReferences: true}. Found with
 * Spark joins; only the rows that are set back come to the driver.
 */
final class Relinks {
    /** A row whose reference is set back: its key and the reference's D1 values. */
    record Link(ForeignKey reference, Map<String, Object> key, Map<String, Object> values) {
    }

    /** Per reference: how many rows, whether the database cut them (ON DELETE SET NULL), whether the script sets them back. */
    record Found(ForeignKey reference, boolean cutByDatabase, long rows, boolean setBack) {
    }

    record Result(List<Link> links, List<Found> found) {
        static final Result NONE = new Result(List.of(), List.of());

        long rows(boolean cutByDatabase) {
            return found.stream().filter(f -> f.cutByDatabase() == cutByDatabase).mapToLong(Found::rows).sum();
        }

        long setBack(boolean cutByDatabase) {
            return found.stream().filter(f -> f.cutByDatabase() == cutByDatabase && f.setBack()).mapToLong(Found::rows).sum();
        }
    }

    private Relinks() {
    }

    static Result find(List<ForeignKey> references, Map<String, TableVersions> tables, Dataset<Row> restore, boolean restoreNulled) {
        Set<String> restored = Closure.tablesOf(restore);
        List<Link> links = new ArrayList<>();
        List<Found> found = new ArrayList<>();
        for (ForeignKey f : references) {
            TableVersions child = tables.get(f.table());
            TableVersions parent = tables.get(f.refTable());
            if (child == null || parent == null || child.after == null || parent.after == null || !restored.contains(f.refTable())
                    || !f.columns().stream().allMatch(c -> child.after.column(c).isPresent())
                    || !Keys.identity(child.after).stream().allMatch(c -> child.before.column(c).isPresent())) {
                continue;
            }
            Dataset<Row> nulledNow = child.atTo();
            for (String c : f.columns()) {
                nulledNow = nulledNow.where(col(SnapshotReader.quoted(c)).isNull());
            }
            nulledNow = nulledNow.select(col(Keys.KEY).as("n_key"));
            Dataset<Row> then = Closure.referencing(child.atFrom(), f, child.before);
            then = then.join(nulledNow, then.col(Keys.KEY).equalTo(nulledNow.col("n_key")), "left_semi").alias("c");
            Dataset<Row> mine = restore.where(col(Keys.TABLE).equalTo(f.refTable())).select(col(Keys.KEY).as("r_key"));
            Dataset<Row> p = parent.vanished().join(mine, parent.vanished().col(Keys.KEY).equalTo(mine.col("r_key")), "left_semi").alias("p");
            org.apache.spark.sql.Column on = null;
            for (int i = 0; i < f.columns().size(); i++) {
                org.apache.spark.sql.Column eq = Keys.in("c", f.columns().get(i)).equalTo(Keys.in("p", f.refColumns().get(i)));
                on = on == null ? eq : on.and(eq);
            }
            Table t = child.after;
            List<String> shown = new ArrayList<>(Keys.identity(t));
            f.columns().stream().filter(x -> !shown.contains(x)).forEach(shown::add);
            Dataset<Row> hits = then.join(p, on, "left_semi").select(TableVersions.columns(shown)).localCheckpoint();
            long n = hits.count();
            if (n == 0) {
                continue;
            }
            boolean byDatabase = f.setsNullOnDelete();
            boolean setBack = byDatabase || restoreNulled;
            found.add(new Found(f, byDatabase, n, setBack));
            if (!setBack) {
                continue;
            }
            org.apache.spark.sql.Column[] order = TableVersions.columns(Keys.identity(t));
            for (Iterator<Row> it = hits.orderBy(order).toLocalIterator(); it.hasNext(); ) {
                Row r = it.next();
                Map<String, Object> key = new LinkedHashMap<>();
                Map<String, Object> values = new LinkedHashMap<>();
                Keys.identity(t).forEach(k -> key.put(k, r.getAs(k)));
                f.columns().forEach(c -> values.put(c, r.getAs(c)));
                links.add(new Link(f, key, values));
            }
        }
        return new Result(links, found);
    }

    /** What the header, the console and the report say of them. */
    static String text(Result r, boolean restoreNulled) {
        String s = String.format("%,d references that ON DELETE SET NULL cut set back", r.setBack(true));
        long byHand = r.rows(false);
        if (byHand > 0) {
            s += String.format(", %,d nulled by hand %s", byHand, restoreNulled ? "set back (restoreNulledReferences)"
                    : "left NULL (set restoreNulledReferences: true under the source to set them back)");
        } else {
            s += ", 0 nulled by hand";
        }
        return s;
    }
}

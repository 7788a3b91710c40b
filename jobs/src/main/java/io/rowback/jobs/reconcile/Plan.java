package io.rowback.jobs.reconcile;

import io.rowback.catalog.Catalog;
import io.rowback.catalog.ForeignKey;
import io.rowback.graph.ReferenceGraph;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What reconcile found, before it is written out: the rows to restore and those held back (as
 * nodes), the remaps and conflicts, the deletion timeline, the references left dangling and those cut,
 * and which roots each row to restore is reached from ({@link Closure#sharing}).
 */
record Plan(ReconcileRequest request, List<LocalDate> dates, Catalog before, Catalog after, ReferenceGraph graph,
            Map<String, TableVersions> tables, Dataset<Row> restore, Dataset<Row> heldBack, Dataset<Row> timeline,
            List<Timeline.Series> series, Remapper.Result remaps, List<Dangling> dangling, Map<String, Counts> counts,
            List<String> warnings, Relinks.Result links, Dataset<Row> sharing) {

    /** Rows of a table per outcome. */
    record Counts(long vanished, long restore, long heldBack, long dangling) {
    }

    /** Rows still there on D2 that point at a row that is gone: how many, and the first few. */
    record Dangling(ForeignKey reference, long rows, List<Map<String, Object>> sample) {
    }

    long roots() {
        return series.stream().mapToLong(Timeline.Series::roots).sum();
    }
}

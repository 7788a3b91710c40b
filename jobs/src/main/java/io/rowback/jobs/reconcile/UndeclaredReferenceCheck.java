package io.rowback.jobs.reconcile;

import io.rowback.catalog.Catalog;
import io.rowback.catalog.Table;
import io.rowback.config.SourceConfig;
import io.rowback.graph.ReferenceGraph;
import io.rowback.jobs.references.ColumnValues;
import io.rowback.jobs.references.ReferenceFinder;
import io.rowback.jobs.references.Suggestion;
import io.rowback.store.CatalogStore;
import io.rowback.store.SnapshotReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;

/**
 * Before a restore is planned: do the vanished roots' keys occur in columns that no declared or
 * configured reference names, but that {@code rowback references} would suggest? Those rows would
 * silently stay out of the restore. The suggestion test runs on the first date, against the keys of
 * the roots' inheritance families only; then each suggested column is joined with the vanished keys.
 */
public final class UndeclaredReferenceCheck {
    /** One column that holds vanished keys the restore will not follow. */
    public record Finding(String table, String column, String whereColumn, String whereValue, String refTable, String refColumn,
                          long vanishedKeys, long rows, String reference, boolean pasteReady, double coverage) {
        public String message() {
            return table + "." + column + " holds " + String.format("%,d", vanishedKeys) + " of the vanished " + refTable + " keys"
                    + (whereColumn == null ? "" : " (" + whereColumn + " = " + whereValue + ")") + " in " + String.format("%,d", rows)
                    + " rows; not restored: add `- \"" + reference + "\"` to references:"
                    + (pasteReady ? "" : " (a possible reference: " + String.format("%.1f%%", coverage * 100) + " of its values are keys of " + refTable + "; check it)");
        }
    }

    private final SparkSession spark;
    private final SnapshotReader reader;

    public UndeclaredReferenceCheck(SparkSession spark, SnapshotReader reader) {
        this.spark = spark;
        this.reader = reader;
    }

    /** Runs the check for a reconcile request, through the command's catalog store and snapshot reader (each table's Delta log is read once per command); nothing when a date has no catalog (reconcile's own checks say so). */
    public static List<Finding> forRequest(SparkSession spark, SourceConfig source, CatalogStore catalogs, SnapshotReader reader, LocalDate from,
                                           LocalDate to, List<String> roots, double minCoverage) {
        if (!catalogs.exists() || !catalogs.hasDate(from) || !catalogs.hasDate(to)) {
            return List.of();
        }
        Catalog catalog = catalogs.read(from);
        Catalog after = catalogs.read(to);
        ReferenceGraph graph = ReferenceGraph.of(catalog, source);
        Map<String, Dataset<Row>> vanished = new LinkedHashMap<>();
        for (String root : roots) {
            Table t = catalog.table(root).orElse(null);
            if (t == null || !t.hasPrimaryKey() || t.primaryKey().columns().size() != 1 || after.table(t.name()).isEmpty()) {
                continue;
            }
            String pk = t.primaryKey().columns().get(0);
            Dataset<Row> before = reader.between(t.name(), List.of(pk), from, from).select(col(SnapshotReader.quoted(pk)).cast("string").as("k"));
            Dataset<Row> now = reader.between(t.name(), List.of(pk), to, to).select(col(SnapshotReader.quoted(pk)).cast("string").as("k"));
            vanished.put(t.name(), before.except(now));
        }
        if (vanished.isEmpty()) {
            return List.of();
        }
        return new UndeclaredReferenceCheck(spark, reader).check(graph, vanished, from, minCoverage);
    }

    /**
     * @param vanished per root table, its vanished keys (one column {@code k}, as text)
     * @param date     the date the vanished rows and the rows that point at them were there
     */
    public List<Finding> check(ReferenceGraph graph, Map<String, Dataset<Row>> vanished, LocalDate date, double minCoverage) {
        Map<String, String> rootOf = new LinkedHashMap<>();
        vanished.keySet().forEach(root -> graph.family(root).forEach(t -> rootOf.putIfAbsent(t, root)));
        Set<String> family = new HashSet<>(rootOf.keySet());
        ColumnValues values = ColumnValues.snapshots(reader, date, date);
        ReferenceFinder.Found found = new ReferenceFinder(spark, values, minCoverage, family::contains).find(graph);
        List<Suggestion> suggestions = found.suggestions().stream().filter(s -> family.contains(s.refTable())).toList();
        if (suggestions.isEmpty()) {
            return List.of();
        }
        Dataset<Row> hits = null;
        for (int i = 0; i < suggestions.size(); i++) {
            Suggestion s = suggestions.get(i);
            Table t = graph.table(s.table());
            Dataset<Row> v = s.whereColumn() == null
                    ? values.read(t, List.of(s.column()))
                    : values.read(t, List.of(s.column(), s.whereColumn())).where(col("c1").cast("string").equalTo(lit(s.whereValue())));
            Dataset<Row> keys = vanished.get(rootOf.get(s.refTable()));
            Dataset<Row> h = v.select(lit(i).as("s"), col("c0").cast("string").as("k")).join(keys, "k");
            hits = hits == null ? h : hits.unionAll(h);
        }
        List<Finding> out = new ArrayList<>();
        for (Row r : hits.groupBy(col("s")).agg(countDistinct(col("k")), count(lit(1))).orderBy(col("s")).collectAsList()) {
            Suggestion s = suggestions.get(r.getInt(0));
            out.add(new Finding(s.table(), s.column(), s.whereColumn(), s.whereValue(), s.refTable(), s.refColumn(), r.getLong(1), r.getLong(2),
                    s.reference(), s.pasteReady(), s.coverage()));
        }
        return out;
    }
}

package io.rowback.jobs.references;

import io.rowback.catalog.Table;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

/**
 * Inclusion tests of many columns in many keys at once, over every date the values have. All the
 * probed values go into one frame and all the key values into another; each key value carries the
 * set of keys that hold it, so the join is one row per probed value, and counting per
 * (probe, set of keys) before spreading the sets keeps small integers (in every key) cheap. What
 * reaches the driver is one row per probe and per (probe, key) pair that holds enough of its values.
 */
public final class Inclusion {
    /** Values of {@code column} of {@code table}, of the rows whose {@code whereColumn} holds {@code whereValue} when given. */
    public record Probe(int id, Table table, String column, String whereColumn, String whereValue) {
    }

    /** A single-column key whose values probes may be contained in. */
    public record Target(int id, Table table, String column) {
    }

    /** Distinct values and dates of a probe. */
    public record ProbeStats(long values, int dates, LocalDate first, LocalDate last) {
    }

    /**
     * How much of a probe a target holds: distinct (date, value) pairs matched out of the probe's,
     * and the worst date (a date without any match counts as 0).
     */
    public record Match(int probe, int target, long matched, long total, int dates, int datesFull, double worstCoverage, LocalDate worstDate) {
        public double coverage() {
            return total == 0 ? 0 : (double) matched / total;
        }
    }

    /**
     * @param targetRows distinct values of each matched target on its last date
     * @param inRange    per (probe, target) of the matches, the target's values on its last date within the
     *                   probe's numeric range [min, max]: a dense key holds any small numbers, so the most
     *                   specific key is the one with the fewest values where the probe's values are
     */
    public record Result(Map<Integer, ProbeStats> probes, List<Match> matches, Map<Integer, Long> targetRows, Map<List<Integer>, Long> inRange,
                         Map<Integer, Spread> spreads) {
    }

    /** The distinct values of a matched probe over all its dates, and their numeric range (lo, hi null when not numbers). */
    public record Spread(long distinct, Double lo, Double hi) {
    }

    private final SparkSession spark;
    private final ColumnValues source;

    public Inclusion(SparkSession spark, ColumnValues source) {
        this.spark = spark;
        this.source = source;
    }

    /** The distinct non-null values of every probe: (snapshot_date, p, v). */
    Dataset<Row> probeValues(List<Probe> probes) {
        Dataset<Row> all = null;
        for (Probe p : probes) {
            Dataset<Row> df;
            if (p.whereColumn() == null) {
                df = source.read(p.table(), List.of(p.column())).select(col(ColumnValues.DATE), lit(p.id()).as("p"), col("c0").cast("string").as("v"));
            } else {
                df = source.read(p.table(), List.of(p.column(), p.whereColumn()))
                        .where(col("c1").cast("string").equalTo(lit(p.whereValue())))
                        .select(col(ColumnValues.DATE), lit(p.id()).as("p"), col("c0").cast("string").as("v"));
            }
            all = all == null ? df : all.unionAll(df);
        }
        return all.where(col("v").isNotNull()).distinct();
    }

    /** (snapshot_date, k, v) of every target. */
    Dataset<Row> targetValues(List<Target> targets) {
        Dataset<Row> all = null;
        for (Target t : targets) {
            Dataset<Row> df = source.read(t.table(), List.of(t.column())).select(col(ColumnValues.DATE), lit(t.id()).as("k"), col("c0").cast("string").as("v"));
            all = all == null ? df : all.unionAll(df);
        }
        return all.where(col("v").isNotNull());
    }

    /**
     * Tests each probe against the targets {@code pairs} allows it; keeps the pairs whose share of
     * matched values is at least {@code floor}.
     */
    public Result run(List<Probe> probes, List<Target> targets, Map<Integer, Set<Integer>> pairs, double minCoverage, double floor) {
        if (probes.isEmpty() || targets.isEmpty()) {
            return new Result(Map.of(), List.of(), Map.of(), Map.of(), Map.of());
        }
        Dataset<Row> values = probeValues(probes).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> keys = targetValues(targets);
        // a value counts as found on a date when the key held it then or before: a row deleted since
        // leaves its references dangling, which is evidence of the reference, not against it
        Dataset<Row> keySets = firstSeen(keys).groupBy(col("v")).agg(collect_set(org.apache.spark.sql.functions.struct(col("k"), col("kd"))).as("kk"));
        Dataset<Row> signatures = values.join(keySets, using("v"), "left")
                .withColumn("ks", org.apache.spark.sql.functions.expr("array_sort(transform(filter(kk, x -> x.kd <= " + ColumnValues.DATE + "), x -> x.k))"))
                .withColumn("ks", org.apache.spark.sql.functions.when(org.apache.spark.sql.functions.size(col("ks")).gt(0), col("ks")))
                .groupBy(col(ColumnValues.DATE), col("p"), col("ks")).agg(count(lit(1)).as("n"))
                .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> totals = signatures.groupBy(col(ColumnValues.DATE), col("p")).agg(sum(col("n")).as("total"));
            Map<Integer, ProbeStats> stats = new TreeMap<>();
            for (Row r : totals.groupBy(col("p")).agg(sum(col("total")), count(lit(1)), min(col(ColumnValues.DATE)), max(col(ColumnValues.DATE))).collectAsList()) {
                stats.put(r.getInt(0), new ProbeStats(r.getLong(1), (int) r.getLong(2), r.getAs(3), r.getAs(4)));
            }
            List<Row> pairRows = new ArrayList<>();
            pairs.forEach((p, ks) -> ks.forEach(k -> pairRows.add(RowFactory.create(p, k))));
            Dataset<Row> allowed = spark.createDataFrame(pairRows, new StructType().add("p", DataTypes.IntegerType).add("k", DataTypes.IntegerType));
            Dataset<Row> perDate = signatures.where(col("ks").isNotNull())
                    .select(col(ColumnValues.DATE), col("p"), explode(col("ks")).as("k"), col("n"))
                    .join(broadcast(allowed), using("p", "k"))
                    .groupBy(col(ColumnValues.DATE), col("p"), col("k")).agg(sum(col("n")).as("matched"))
                    .join(totals, using(ColumnValues.DATE, "p"))
                    .withColumn("cov", col("matched").divide(col("total")));
            Dataset<Row> perPair = perDate.groupBy(col("p"), col("k")).agg(sum(col("matched")).as("matched"), count(lit(1)).as("dates"),
                    sum(org.apache.spark.sql.functions.when(col("cov").geq(lit(minCoverage)), 1).otherwise(0)).as("full"),
                    min(org.apache.spark.sql.functions.struct(col("cov"), col(ColumnValues.DATE))).as("worst"));
            List<Match> matches = new ArrayList<>();
            for (Row r : perPair.collectAsList()) {
                int p = r.getInt(0);
                ProbeStats s = stats.get(p);
                long matched = r.getLong(2);
                if (s == null || (double) matched / s.values() < floor) {
                    continue;
                }
                int dates = (int) r.getLong(3);
                Row worst = r.getStruct(5);
                double worstCov = dates < s.dates() ? 0 : worst.getDouble(0);
                LocalDate worstDate = dates < s.dates() ? null : worst.getAs(1);
                matches.add(new Match(p, r.getInt(1), matched, s.values(), dates, (int) r.getLong(4), worstCov, worstDate));
            }
            Map<Integer, Long> rows = new HashMap<>();
            Map<List<Integer>, Long> inRange = new HashMap<>();
            Map<Integer, Spread> spreads = new HashMap<>();
            Set<Integer> used = new java.util.HashSet<>();
            matches.forEach(m -> used.add(m.target()));
            if (!used.isEmpty()) {
                Dataset<Row> latest = keys.where(col("k").isin(used.toArray()));
                Dataset<Row> last = latest.groupBy(col("k")).agg(max(col(ColumnValues.DATE)).as("d"));
                Dataset<Row> lastValues = latest.join(last, using("k")).where(col(ColumnValues.DATE).equalTo(col("d"))).select(col("k"), col("v")).distinct()
                        .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
                try {
                    for (Row r : lastValues.groupBy(col("k")).agg(count(lit(1))).collectAsList()) {
                        rows.put(r.getInt(0), r.getLong(1));
                    }
                    Set<Integer> matchedProbes = new java.util.HashSet<>();
                    matches.forEach(m -> matchedProbes.add(m.probe()));
                    Dataset<Row> spread = values.where(col("p").isin(matchedProbes.toArray())).groupBy(col("p"))
                            .agg(min(numericV()).as("lo"), max(numericV()).as("hi"), countDistinct(col("v")).as("n"),
                                    count(numericV()).as("numeric"), count(lit(1)).as("all"));
                    for (Row r : spread.collectAsList()) {
                        boolean numeric = !r.isNullAt(1) && r.getLong(4) == r.getLong(5);
                        spreads.put(r.getInt(0), new Spread(r.getLong(3), numeric ? r.getDouble(1) : null, numeric ? r.getDouble(2) : null));
                    }
                    Dataset<Row> ranges = spread.where(col("lo").isNotNull()).select(col("p"), col("lo"), col("hi"));
                    List<Row> matchRows = new ArrayList<>();
                    matches.forEach(m -> matchRows.add(RowFactory.create(m.probe(), m.target())));
                    Dataset<Row> matched = spark.createDataFrame(matchRows, new StructType().add("p", DataTypes.IntegerType).add("k", DataTypes.IntegerType));
                    Dataset<Row> counted = broadcast(matched).join(ranges, using("p")).join(lastValues, using("k"))
                            .where(numericV().between(col("lo"), col("hi")))
                            .groupBy(col("p"), col("k")).agg(count(lit(1)));
                    for (Row r : counted.collectAsList()) {
                        inRange.put(List.of(r.getInt(0), r.getInt(1)), r.getLong(2));
                    }
                } finally {
                    lastValues.unpersist();
                }
            }
            return new Result(stats, matches, rows, inRange, spreads);
        } finally {
            signatures.unpersist();
            values.unpersist();
        }
    }

    /** Column v as a number, NULL when it is not one: also where ANSI mode is on (Spark 4's default), where a plain CAST fails. */
    private static org.apache.spark.sql.Column numericV() {
        return org.apache.spark.sql.functions.expr("TRY_CAST(v AS DOUBLE)");
    }

    /** Up to {@code max} values of each probe that its chosen target does not hold (on the date they were seen), smallest first. */
    public Map<Integer, List<String>> unmatched(List<Probe> probes, List<Target> targets, Map<Integer, Integer> chosen, int max) {
        Map<Integer, List<String>> out = new LinkedHashMap<>();
        if (chosen.isEmpty()) {
            return out;
        }
        List<Probe> ps = probes.stream().filter(p -> chosen.containsKey(p.id())).toList();
        Set<Integer> ks = new java.util.HashSet<>(chosen.values());
        List<Target> ts = targets.stream().filter(t -> ks.contains(t.id())).toList();
        List<Row> pairRows = new ArrayList<>();
        chosen.forEach((p, k) -> pairRows.add(RowFactory.create(p, k)));
        Dataset<Row> pairs = spark.createDataFrame(pairRows, new StructType().add("p", DataTypes.IntegerType).add("k", DataTypes.IntegerType));
        Dataset<Row> missing = probeValues(ps).join(broadcast(pairs), using("p"))
                .join(firstSeen(targetValues(ts)).withColumnRenamed("k", "k2").withColumnRenamed("v", "v2"),
                        col("k").equalTo(col("k2")).and(col("v").equalTo(col("v2"))).and(col("kd").leq(col(ColumnValues.DATE))), "left_anti")
                .select(col("p"), col("v")).distinct()
                .withColumn("rn", row_number().over(Window.partitionBy(col("p")).orderBy(numericV().asc_nulls_last(), col("v"))))
                .where(col("rn").leq(lit(max)));
        for (Row r : missing.orderBy(col("p"), col("rn")).collectAsList()) {
            out.computeIfAbsent(r.getInt(0), x -> new ArrayList<>()).add(r.getString(1));
        }
        return out;
    }

    /** (k, v, kd): the first date each key held each value. */
    static Dataset<Row> firstSeen(Dataset<Row> keys) {
        return keys.groupBy(col("k"), col("v")).agg(min(col(ColumnValues.DATE)).as("kd"));
    }

    /** Join columns as an array: Dataset.join(Seq) takes scala.collection.Seq on Scala 2.12 and immutable.Seq on 2.13. */
    static String[] using(String... names) {
        return names;
    }

    static Column[] none() {
        return new Column[0];
    }
}

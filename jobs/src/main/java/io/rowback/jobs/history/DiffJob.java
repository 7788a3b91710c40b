package io.rowback.jobs.history;

import io.rowback.catalog.Catalog;
import io.rowback.catalog.Table;
import io.rowback.config.RowbackConfig;
import io.rowback.config.SourceConfig;
import io.rowback.errors.Errors;
import io.rowback.jobs.cli.Command;
import io.rowback.jobs.cli.Console;
import io.rowback.jobs.cli.Dates;
import io.rowback.jobs.cli.SourceOptions;
import io.rowback.spark.ExecutionMode;
import io.rowback.spark.SparkSessions;
import io.rowback.store.CatalogStore;
import io.rowback.store.RunsLog;
import io.rowback.store.SnapshotReader;
import io.rowback.store.WarehouseLayout;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

@CommandLine.Command(name = "diff", description = {
        "Per table, the rows inserted, deleted and changed between two dates (changed: same key, other values).",
        "With --table and --show N, the first N rows of each kind, old and new side by side.",
        "Tables without a primary key are compared as multisets of whole rows."})
public final class DiffJob extends Command {
    @CommandLine.Mixin
    SourceOptions options;

    @CommandLine.Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "the earlier snapshot")
    String from;

    @CommandLine.Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "the later snapshot")
    String to;

    @CommandLine.Option(names = "--table", arity = "1..*", paramLabel = "TABLE", description = "only these tables (default: all)")
    List<String> tables;

    @CommandLine.Option(names = "--show", paramLabel = "N", description = "with --table: show the first N rows of each kind")
    int show;

    /** What the row tables say when they show only the first rows: diff's own options, and sql for all of them. */
    static final String MORE = "a larger --show shows more, rowback sql shows all";

    /** One table's differences ({@code changed} -1: no primary key to tell a changed row from a new one). */
    public record TableDiff(String table, long inserted, long deleted, long changed, String note) {
    }

    @Override
    public Integer call() throws Exception {
        RowbackConfig config = options.config();
        SourceConfig source = options.source();
        LocalDate d1 = Dates.parse("--from", from);
        LocalDate d2 = Dates.parse("--to", to);
        if (!d1.isBefore(d2)) {
            throw Errors.invalid("--from " + d1 + " is not before --to " + d2 + "; diff compares an earlier snapshot with a later one");
        }
        if (show > 0 && (tables == null || tables.isEmpty())) {
            throw Errors.badOption("--show needs --table: name the tables whose rows to show");
        }
        SparkSession spark = SparkSessions.create("rowback diff " + source.name());
        WarehouseLayout layout = new WarehouseLayout(config.warehouse(), source.name());
        try (ExecutionMode mode = ExecutionMode.untilSized(spark)) {
            return diff(spark, layout, source, d1, d2, mode);
        }
    }

    private int diff(SparkSession spark, WarehouseLayout layout, SourceConfig source, LocalDate d1, LocalDate d2, ExecutionMode mode) {
        CatalogStore catalogs = new CatalogStore(spark, layout);
        List<LocalDate> dates = catalogs.dates();
        for (LocalDate d : List.of(d1, d2)) {
            if (!dates.contains(d)) {
                throw Errors.invalid((d == d1 ? "--from " : "--to ") + d + ": source '" + source.name() + "' has no snapshot of that date; it has "
                        + (dates.isEmpty() ? "none" : Errors.preview(dates.stream().map(LocalDate::toString).toList(), 20)));
            }
        }
        Map<LocalDate, Catalog> cat = catalogs.readAll(List.of(d1, d2));
        Catalog before = cat.get(d1);
        Catalog after = cat.get(d2);
        TreeSet<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (tables == null || tables.isEmpty()) {
            names.addAll(before.names());
            names.addAll(after.names());
        } else {
            for (String t : tables) {
                if (before.table(t).isEmpty() && after.table(t).isEmpty() && (before.view(t).isPresent() || after.view(t).isPresent())) {
                    throw Errors.viewNotSnapshotted("--table", before.view(t).or(() -> after.view(t)).get(), before.view(t).isPresent() ? d1 : d2);
                }
                String name = before.table(t).or(() -> after.table(t)).map(Table::name).orElseThrow(() -> Errors.invalid("--table " + t
                        + ": there is no table '" + t + "' on " + d1 + " or " + d2 + "; tables: " + Errors.preview(after.names(), 12)));
                names.add(name);
            }
        }
        RunsLog runs = new RunsLog(spark, layout);
        // the rows of both dates, as the runs counted them: a small history runs interpreted
        mode.sized(runs.exists() ? runs.rows(names, d1, d2) : -1);
        SnapshotReader reader = new SnapshotReader(spark, layout);
        Differ differ = new Differ(reader, d1, d2);
        List<Table[]> pairs = new ArrayList<>();
        for (String t : names) {
            pairs.add(new Table[]{before.table(t).orElse(null), after.table(t).orElse(null)});
        }
        Map<String, TableDiff> results;
        try {
            results = differ.diffAll(pairs);
        } catch (RuntimeException e) {
            throw Errors.wrap("comparing the snapshots", e);
        }
        console.line("diff of '" + source.name() + "' from " + d1 + " to " + d2);
        int width = Math.max(5, names.stream().mapToInt(String::length).max().orElse(5));
        console.line(String.format("%-" + width + "s %10s %10s %10s  %s", "table", "inserted", "deleted", "changed", ""));
        for (TableDiff r : results.values()) {
            console.line(String.format("%-" + width + "s %,10d %,10d %10s  %s", r.table(), r.inserted(), r.deleted(),
                    r.changed() < 0 ? "-" : String.format("%,d", r.changed()), r.note()));
        }
        if (show > 0) {
            for (String t : names) {
                differ.show(before.table(t).orElse(null), after.table(t).orElse(null), show, console);
            }
        }
        return 0;
    }

    /** Compares one table between the dates, in Spark: a full outer join on the key with a hash of each row. */
    public static final class Differ {
        private static final String KIND = "rb_kind";
        private static final String DATE = "rb\u0000date";
        private final SnapshotReader reader;
        private final LocalDate d1;
        private final LocalDate d2;

        public Differ(SnapshotReader reader, LocalDate d1, LocalDate d2) {
            this.reader = reader;
            this.d1 = d1;
            this.d2 = d2;
        }

        public TableDiff diff(Table before, Table after) {
            if (before == null) {
                return new TableDiff(after.name(), reader.at(after, d2).count(), 0, 0, "new on " + d2);
            }
            if (after == null) {
                return new TableDiff(before.name(), 0, reader.at(before, d1).count(), 0, "gone on " + d2);
            }
            List<String> common = common(before, after);
            String note = schemaNote(before, after);
            List<String> key = key(before, after);
            Dataset<Row> a = reader.at(before, d1).select(columns(common));
            Dataset<Row> b = reader.at(after, d2).select(columns(common));
            if (key == null) {
                long inserted = b.exceptAll(a).count();
                long deleted = a.exceptAll(b).count();
                return new TableDiff(before.name(), inserted, deleted, -1, join("no primary key: compared as multisets of whole rows", note));
            }
            Map<String, Long> counts = new TreeMap<>();
            for (Row r : classified(a, b, key, common).groupBy(KIND).agg(count("*")).collectAsList()) {
                counts.put(r.getString(0), r.getLong(1));
            }
            return new TableDiff(before.name(), counts.getOrDefault("inserted", 0L), counts.getOrDefault("deleted", 0L),
                    counts.getOrDefault("changed", 0L), note);
        }

        /**
         * Every pair (before, after; either may be null) compared in one Spark job: the rows of every
         * table on both dates as one dataset of (table, key, side, row hash), grouped by table and key.
         * One job over all tables instead of one per table: for a database of small tables the jobs,
         * not the rows, were the cost (a snapshot's comparison of 15 tables of 50 rows took 15 s).
         */
        public Map<String, TableDiff> diffAll(List<Table[]> pairs) {
            Map<String, String> notes = new TreeMap<>();
            Map<String, Boolean> keyless = new TreeMap<>();
            List<java.util.concurrent.Callable<List<Dataset<Row>>>> planned = new ArrayList<>();
            for (Table[] p : pairs) {
                Table before = p[0];
                Table after = p[1];
                String name = (before == null ? after : before).name();
                if (before == null || after == null) {
                    Table t = before == null ? after : before;
                    planned.add(() -> List.of(tagged(reader.at(t, before == null ? d2 : d1), name, lit(""), before == null ? 2 : 1, lit(0L))));
                    notes.put(name, before == null ? "new on " + d2 : "gone on " + d2);
                    keyless.put(name, false);
                    continue;
                }
                List<String> common = common(before, after);
                List<String> key = key(before, after);
                String note = schemaNote(before, after);
                Column[] all = columns(common);
                // to_json keeps NULLs apart by field name, so (NULL, 1) and (1, NULL) are different rows
                Column row = to_json(struct(all));
                Column k = key == null ? row : to_json(struct(columns(key)));
                Column h = key == null ? lit(0L) : xxhash64(row);
                List<String> named = new ArrayList<>(common);
                named.add(DATE);
                // both dates from one look into the Delta log (the dates between them are filtered out)
                planned.add(() -> List.of(reader.between(before.name(), common, d1, d2).toDF(named.toArray(new String[0]))
                        .where(col(DATE).equalTo(lit(d1)).or(col(DATE).equalTo(lit(d2))))
                        .select(lit(name).as("rb_t"), k.as("rb_k"), when(col(DATE).equalTo(lit(d1)), lit(1)).otherwise(lit(2)).as("rb_s"), h.as("rb_h"))));
                notes.put(name, key == null ? join("no primary key: compared as multisets of whole rows", note) : note);
                keyless.put(name, key == null);
            }
            // finding each table's files in its Delta log is a small Spark job of its own: a few at once
            List<Dataset<Row>> parts = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(4, planned.size())), r -> {
                Thread t = new Thread(r, "rowback-diff-plan");
                t.setDaemon(true);
                return t;
            });
            try {
                for (Future<List<Dataset<Row>>> f : pool.invokeAll(planned)) {
                    parts.addAll(f.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the Delta logs", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
            Map<String, TableDiff> out = new TreeMap<>();
            if (parts.isEmpty()) {
                return out;
            }
            Dataset<Row> rows = parts.get(0);
            for (Dataset<Row> part : parts.subList(1, parts.size())) {
                rows = rows.unionAll(part);
            }
            Column one = col("rb_s").equalTo(1);
            Column two = col("rb_s").equalTo(2);
            Dataset<Row> perKey = rows.groupBy(col("rb_t"), col("rb_k")).agg(
                    count(when(one, lit(1))).as("na"), count(when(two, lit(1))).as("nb"),
                    max(when(one, col("rb_h"))).as("ha"), max(when(two, col("rb_h"))).as("hb"));
            Map<String, long[]> counts = new TreeMap<>();
            for (Row r : perKey.groupBy(col("rb_t")).agg(
                    sum(greatest(col("nb").minus(col("na")), lit(0L))).as("inserted"),
                    sum(greatest(col("na").minus(col("nb")), lit(0L))).as("deleted"),
                    count(when(col("na").gt(0).and(col("nb").gt(0)).and(col("ha").notEqual(col("hb"))), lit(1))).as("changed"))
                    .collectAsList()) {
                counts.put(r.getString(0), new long[]{r.getLong(1), r.getLong(2), r.getLong(3)});
            }
            for (Map.Entry<String, String> e : notes.entrySet()) {
                long[] c = counts.getOrDefault(e.getKey(), new long[3]);
                out.put(e.getKey(), new TableDiff(e.getKey(), c[0], c[1], keyless.get(e.getKey()) ? -1 : c[2], e.getValue()));
            }
            return out;
        }

        private static Dataset<Row> tagged(Dataset<Row> rows, String table, Column key, int side, Column hash) {
            return rows.select(lit(table).as("rb_t"), key.as("rb_k"), lit(side).as("rb_s"), hash.as("rb_h"));
        }

        /** (key..., rb_kind) for every row that differs. */
        private Dataset<Row> classified(Dataset<Row> a, Dataset<Row> b, List<String> key, List<String> common) {
            Dataset<Row> x = a.select(keyed(key, common, "a_")).alias("a");
            Dataset<Row> y = b.select(keyed(key, common, "b_")).alias("b");
            Column on = lit(true);
            for (int i = 0; i < key.size(); i++) {
                on = on.and(col("a.a_k" + i).equalTo(col("b.b_k" + i)));
            }
            Column kind = when(col("a.a_h").isNull(), lit("inserted")).when(col("b.b_h").isNull(), lit("deleted"))
                    .when(col("a.a_h").notEqual(col("b.b_h")), lit("changed"));
            List<Column> out = new ArrayList<>();
            for (int i = 0; i < key.size(); i++) {
                out.add(coalesce(col("a.a_k" + i), col("b.b_k" + i)).as(key.get(i)));
            }
            out.add(kind.as(KIND));
            return x.join(y, on, "full_outer").select(out.toArray(new Column[0])).where(col(KIND).isNotNull());
        }

        private static Column[] keyed(List<String> key, List<String> common, String prefix) {
            List<Column> cols = new ArrayList<>();
            for (int i = 0; i < key.size(); i++) {
                cols.add(col(SnapshotReader.quoted(key.get(i))).as(prefix + "k" + i));
            }
            // to_json keeps NULLs apart by field name, so the hash sees (NULL, 1) and (1, NULL) as different rows
            cols.add(xxhash64(to_json(struct(columns(common)))).as(prefix + "h"));
            return cols.toArray(new Column[0]);
        }

        void show(Table before, Table after, int n, Console console) {
            if (before == null || after == null) {
                Table t = before == null ? after : before;
                console.line("");
                console.line(t.name() + ": " + (before == null ? "new on " + d2 + "; its first rows:" : "gone on " + d2 + "; its last rows:"));
                SqlJob.print(reader.at(t, before == null ? d2 : d1), SqlJob.Format.table, n, MORE, console.out());
                return;
            }
            List<String> common = common(before, after);
            List<String> key = key(before, after);
            Dataset<Row> a = reader.at(before, d1).select(columns(common));
            Dataset<Row> b = reader.at(after, d2).select(columns(common));
            if (key == null) {
                console.line("");
                console.line(before.name() + " (no primary key: compared as multisets of whole rows)");
                console.line("rows only on " + d2 + ":");
                SqlJob.print(b.exceptAll(a), SqlJob.Format.table, n, MORE, console.out());
                console.line("rows only on " + d1 + ":");
                SqlJob.print(a.exceptAll(b), SqlJob.Format.table, n, MORE, console.out());
                return;
            }
            Dataset<Row> kinds = classified(a, b, key, common).localCheckpoint();
            for (String kind : List.of("inserted", "deleted", "changed")) {
                // one key more than shown, so that the table can say there are more
                Dataset<Row> keys = kinds.where(col(KIND).equalTo(kind)).drop(KIND).orderBy(columns(key)).limit(n + 1);
                console.line("");
                console.line(before.name() + ", " + kind + (kind.equals("changed") ? " (" + d1 + " | " + d2 + ")" : "") + ":");
                Dataset<Row> rows;
                if (kind.equals("changed")) {
                    Dataset<Row> old = a.join(keys, joinOn(a, keys, key), "left_semi");
                    Dataset<Row> now = b.join(keys, joinOn(b, keys, key), "left_semi");
                    List<Column> side = new ArrayList<>();
                    for (String k : key) {
                        side.add(col("o." + SnapshotReader.quoted(k)));
                    }
                    for (String c : common) {
                        if (!key.contains(c)) {
                            side.add(when(col("o." + SnapshotReader.quoted(c)).eqNullSafe(col("n." + SnapshotReader.quoted(c))), lit(""))
                                    .otherwise(org.apache.spark.sql.functions.concat_ws(" | ",
                                            coalesce(col("o." + SnapshotReader.quoted(c)).cast("string"), lit("NULL")),
                                            coalesce(col("n." + SnapshotReader.quoted(c)).cast("string"), lit("NULL")))).as(c));
                        }
                    }
                    Column on = lit(true);
                    for (String k : key) {
                        on = on.and(col("o." + SnapshotReader.quoted(k)).equalTo(col("n." + SnapshotReader.quoted(k))));
                    }
                    rows = old.alias("o").join(now.alias("n"), on).select(side.toArray(new Column[0])).orderBy(columns(key));
                } else {
                    Dataset<Row> side = kind.equals("inserted") ? b : a;
                    rows = side.join(keys, joinOn(side, keys, key), "left_semi").orderBy(columns(key));
                }
                SqlJob.print(rows, SqlJob.Format.table, n, MORE, console.out());
            }
        }

        private static Column joinOn(Dataset<Row> rows, Dataset<Row> keys, List<String> key) {
            Column on = lit(true);
            for (String k : key) {
                on = on.and(rows.col(SnapshotReader.quoted(k)).equalTo(keys.col(SnapshotReader.quoted(k))));
            }
            return on;
        }

        static List<String> common(Table before, Table after) {
            return before.columnNames().stream().filter(c -> after.column(c).isPresent()).toList();
        }

        /** The primary key, when both dates have the same one. */
        static List<String> key(Table before, Table after) {
            if (!before.hasPrimaryKey() || !after.hasPrimaryKey() || !before.primaryKey().columns().equals(after.primaryKey().columns())) {
                return null;
            }
            return before.primaryKey().columns();
        }

        static String schemaNote(Table before, Table after) {
            List<String> notes = new ArrayList<>();
            List<String> added = after.columnNames().stream().filter(c -> before.column(c).isEmpty()).toList();
            List<String> dropped = before.columnNames().stream().filter(c -> after.column(c).isEmpty()).toList();
            if (!added.isEmpty()) {
                notes.add("columns added: " + String.join(", ", added));
            }
            if (!dropped.isEmpty()) {
                notes.add("columns dropped: " + String.join(", ", dropped));
            }
            return String.join("; ", notes);
        }

        private static String join(String a, String b) {
            return b.isEmpty() ? a : a + "; " + b;
        }

        static Column[] columns(List<String> names) {
            return names.stream().map(n -> col(SnapshotReader.quoted(n))).toArray(Column[]::new);
        }
    }
}

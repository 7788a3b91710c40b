package io.rowback.jobs.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rowback.catalog.Catalog;
import io.rowback.catalog.Column;
import io.rowback.catalog.Table;
import io.rowback.config.RowbackConfig;
import io.rowback.config.SourceConfig;
import io.rowback.errors.Errors;
import io.rowback.jobs.cli.Command;
import io.rowback.jobs.cli.Console;
import io.rowback.jobs.cli.Dates;
import io.rowback.jobs.cli.SourceOptions;
import io.rowback.jobs.reconcile.Report;
import io.rowback.spark.ExecutionMode;
import io.rowback.spark.SparkSessions;
import io.rowback.store.CatalogStore;
import io.rowback.store.RunsLog;
import io.rowback.store.SnapshotReader;
import io.rowback.store.WarehouseLayout;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

@CommandLine.Command(name = "trace", description = {
        "The life of one row through every snapshot date (--key), or every row that held a value (--column, --value).",
        "  rowback trace --config c.yaml --table pcsw_client --key 21148",
        "  rowback trace --config c.yaml --table film_actor --key actor_id=1 --key film_id=23",
        "  rowback trace --config c.yaml --table pcsw_client --column national_id --value '710108 503-76'"})
public final class TraceJob extends Command {
    @CommandLine.Mixin
    SourceOptions options;

    @CommandLine.Option(names = "--table", required = true, paramLabel = "TABLE", description = "the table")
    String table;

    @CommandLine.Option(names = "--key", paramLabel = "KEY", description = {"primary key value, taken whole (commas and all): --key 42;",
            "a key of several columns: --key COLUMN=VALUE once per column (values may hold commas and =),",
            "or the values in key order, one --key each, or a,b in one --key when no value holds a comma"})
    List<String> key;

    @CommandLine.Option(names = "--column", paramLabel = "COLUMN", description = "a column, with --value")
    String column;

    @CommandLine.Option(names = "--value", paramLabel = "VALUE", description = "the value to follow, with --column")
    String value;

    @CommandLine.Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "first date to read (default: the first snapshot)")
    String from;

    @CommandLine.Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "last date to read (default: the last snapshot)")
    String to;

    @CommandLine.Option(names = "--report", paramLabel = "FILE", description = "a reconcile report.json: say whether the row was re-created or remapped")
    Path report;

    @Override
    public Integer call() throws IOException {
        RowbackConfig config = options.config();
        SourceConfig source = options.source();
        if ((key == null) == (column == null) || (column == null) != (value == null)) {
            throw Errors.badOption("trace needs either --key KEY, or --column COLUMN with --value VALUE; see 'rowback trace --help'");
        }
        LocalDate start = from == null ? null : Dates.parse("--from", from);
        LocalDate end = to == null ? null : Dates.parse("--to", to);
        Report reconcile = report == null ? null : readReport(report);
        SparkSession spark = SparkSessions.create("rowback trace " + source.name());
        WarehouseLayout layout = new WarehouseLayout(config.warehouse(), source.name());
        try (ExecutionMode mode = ExecutionMode.untilSized(spark)) {
            History history = History.open(spark, layout, table, start, end);
            // the table's rows on its dates, as the runs counted them: a small history runs interpreted
            RunsLog runs = new RunsLog(spark, layout);
            mode.sized(runs.exists() ? runs.rows(List.of(history.table()), history.dates().toArray(LocalDate[]::new)) : -1);
            if (key != null) {
                new RowTrace(history, console).trace(key, reconcile);
            } else {
                new RowTrace(history, console).holders(column, value);
            }
        }
        return 0;
    }

    private static Report readReport(Path file) {
        if (!Files.isRegularFile(file)) {
            throw Errors.invalid("--report " + file + " does not exist; pass the report.json that reconcile wrote");
        }
        try {
            return Report.read(file);
        } catch (IOException e) {
            throw Errors.invalid("--report " + file + " is not a reconcile report.json: " + Errors.oneLine(e.getMessage()));
        }
    }

    /**
     * One table's history over a range of dates: the snapshot dates, the catalog of each (a table
     * may be missing on some), and the Delta table.
     */
    record History(SparkSession spark, SnapshotReader reader, String table, List<LocalDate> dates, Map<LocalDate, Table> catalogs,
                   List<LocalDate> missing) {
        static History open(SparkSession spark, WarehouseLayout layout, String table, LocalDate from, LocalDate to) {
            CatalogStore catalogs = new CatalogStore(spark, layout);
            List<LocalDate> all = catalogs.dates();
            if (all.isEmpty()) {
                throw Errors.noSnapshots(layout.source(), layout.warehouse());
            }
            List<LocalDate> dates = all.stream().filter(d -> (from == null || !d.isBefore(from)) && (to == null || !d.isAfter(to))).toList();
            if (dates.isEmpty()) {
                throw Errors.invalid("no snapshot of '" + layout.source() + "' between " + (from == null ? "the first" : from) + " and "
                        + (to == null ? "the last" : to) + "; snapshots exist from " + all.get(0) + " to " + all.get(all.size() - 1));
            }
            Map<LocalDate, Table> byDate = new TreeMap<>();
            List<LocalDate> missing = new ArrayList<>();
            String name = null;
            Map<LocalDate, Catalog> read = catalogs.readAll(dates);
            for (Map.Entry<LocalDate, Catalog> e : read.entrySet()) {
                Table t = e.getValue().table(table).orElse(null);
                if (t == null) {
                    missing.add(e.getKey());
                } else {
                    byDate.put(e.getKey(), t);
                    name = t.name();
                }
            }
            SnapshotReader reader = new SnapshotReader(spark, layout);
            if (byDate.isEmpty()) {
                for (Map.Entry<LocalDate, Catalog> e : read.entrySet()) {
                    if (e.getValue().view(table).isPresent()) {
                        throw Errors.viewNotSnapshotted("--table", e.getValue().view(table).get(), e.getKey());
                    }
                }
            }
            if (byDate.isEmpty() || !reader.exists(name)) {
                throw Errors.invalid("there is no table '" + table + "' in the snapshots of '" + layout.source() + "' from " + dates.get(0)
                        + " to " + dates.get(dates.size() - 1) + "; check the name (rowback sql lists tables: SELECT DISTINCT table_name FROM rowback_catalog)");
            }
            return new History(spark, reader, name, dates, byDate, missing);
        }

        /** The catalog of the latest date the table existed on. */
        Table latest() {
            return catalogs.values().stream().reduce((a, b) -> b).orElseThrow();
        }

        /** The table's rows on the dates, with snapshot_date, matching the condition. */
        Dataset<Row> where(org.apache.spark.sql.Column condition) {
            LocalDate first = dates.get(0);
            LocalDate last = dates.get(dates.size() - 1);
            return reader.all(table).where(col(WarehouseLayout.DATE_COLUMN).geq(lit(first)).and(col(WarehouseLayout.DATE_COLUMN).leq(lit(last))))
                    .where(condition);
        }

        Column column(String name) {
            return latest().column(name).orElseThrow(() -> Errors.invalid("table '" + table + "' has no column '" + name + "'; its columns are "
                    + Errors.preview(latest().columnNames(), 15)));
        }

        /** A value given as text, as the column's type; a clear error when it is not one. */
        org.apache.spark.sql.Column literal(String columnName, String text) {
            Column c = column(columnName);
            DataType type = DataType.fromDDL(c.sparkType());
            // TRY_CAST: NULL for a text that is not a value, also where ANSI mode is on (Spark 4's default), where CAST fails
            Object converted = spark.sql("SELECT TRY_CAST(" + sqlString(text) + " AS " + c.sparkType() + ")").first().get(0);
            if (converted == null) {
                throw Errors.invalid("'" + text + "' is not a value of " + table + "." + c.name() + " (" + c.sourceType() + ")");
            }
            return lit(converted).cast(type);
        }

        static String sqlString(String s) {
            return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
    }

    /**
     * The --key options as primary key column -> value, in key order. An option is COLUMN=VALUE when the
     * text before its first '=' names a key column, else a bare value; a value is taken whole. Bare
     * values go in key order, one option each; a single option for a key of several columns is the
     * shorthand a,b (split on commas, each part bare or named).
     */
    static Map<String, String> parseKey(List<String> args, String table, List<String> pk) {
        List<String> parts = args;
        if (args.size() == 1 && pk.size() > 1) {
            parts = java.util.Arrays.stream(args.get(0).split(",", -1)).map(String::strip).toList();
        }
        String given = String.join(" ", args.stream().map(a -> "--key " + a).toList());
        String how = pk.size() == 1 ? "give its value: --key VALUE"
                : "give each column as " + String.join(" ", pk.stream().map(c -> "--key " + c + "=VALUE").toList()) + " (values may hold commas)";
        Map<String, String> named = new LinkedHashMap<>();
        List<String> bare = new ArrayList<>();
        for (String p : parts) {
            String column = keyColumn(p, pk);
            if (column == null) {
                bare.add(p);
            } else if (named.put(column, p.substring(p.indexOf('=') + 1)) != null) {
                throw Errors.invalid(given + ": column " + column + " is given twice; " + how);
            }
        }
        if (!named.isEmpty() && !bare.isEmpty()) {
            throw Errors.invalid(given + ": some values are named and some not (" + Errors.preview(bare, 3) + "); the primary key of "
                    + table + " is " + pk + "; " + how);
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (!named.isEmpty()) {
            List<String> missing = pk.stream().filter(c -> !named.containsKey(c)).toList();
            if (!missing.isEmpty()) {
                throw Errors.invalid(given + ": no value for " + String.join(", ", missing) + " of the primary key " + pk + " of " + table + "; " + how);
            }
            pk.forEach(c -> out.put(c, named.get(c)));
            return out;
        }
        if (bare.size() != pk.size()) {
            throw Errors.invalid(given + ": the primary key of " + table + " has " + pk.size() + " column(s) " + pk + " and " + bare.size()
                    + " value(s) were given; " + how);
        }
        for (int i = 0; i < pk.size(); i++) {
            out.put(pk.get(i), bare.get(i));
        }
        return out;
    }

    /** The key column an option names before its first '=' (any letter case), or null for a bare value. */
    private static String keyColumn(String option, List<String> pk) {
        int eq = option.indexOf('=');
        if (eq < 0) {
            return null;
        }
        String name = option.substring(0, eq).strip();
        return pk.stream().filter(c -> c.equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    /** What trace prints. */
    static final class RowTrace {
        private final History h;
        private final Console console;

        RowTrace(History h, Console console) {
            this.h = h;
            this.console = console;
        }

        Map<String, String> parseKey(List<String> args) {
            Table t = h.latest();
            if (!t.hasPrimaryKey()) {
                throw Errors.invalid("table '" + t.name() + "' has no primary key; follow a value instead: --column COLUMN --value VALUE");
            }
            return TraceJob.parseKey(args, t.name(), t.primaryKey().columns());
        }

        void trace(List<String> keyArgs, Report report) {
            Map<String, String> key = parseKey(keyArgs);
            org.apache.spark.sql.Column cond = lit(true);
            for (Map.Entry<String, String> k : key.entrySet()) {
                cond = cond.and(col(SnapshotReader.quoted(k.getKey())).equalTo(h.literal(k.getKey(), k.getValue())));
            }
            Map<LocalDate, Row> versions = new TreeMap<>();
            for (Row r : h.where(cond).collectAsList()) {
                versions.put(r.getAs(WarehouseLayout.DATE_COLUMN), r);
            }
            String what = h.table() + " " + describe(key);
            if (versions.isEmpty()) {
                throw Errors.invalid("no row of " + what + " on any of the " + h.dates().size() + " snapshot dates from " + h.dates().get(0)
                        + " to " + h.dates().get(h.dates().size() - 1) + "; check the key");
            }
            console.line(what + ": " + versions.size() + " of " + h.dates().size() + " snapshot dates from " + h.dates().get(0) + " to "
                    + h.dates().get(h.dates().size() - 1));
            Row previous = null;
            LocalDate previousDate = null;
            for (LocalDate d : h.dates()) {
                Row r = versions.get(d);
                if (h.missing().contains(d)) {
                    console.line("  " + d + "  (the table did not exist on this date)");
                    continue;
                }
                if (r == null) {
                    if (previous != null) {
                        console.line("  " + d + "  missing (last seen " + previousDate + ")");
                        previous = null;
                    }
                    continue;
                }
                if (previousDate == null) {
                    console.line("  " + d + "  first seen: " + values(r));
                } else if (previous == null) {
                    console.line("  " + d + "  back: " + values(r));
                } else {
                    List<String> changes = changes(previous, r);
                    if (!changes.isEmpty()) {
                        console.line("  " + d + "  changed: " + String.join("; ", changes));
                    }
                }
                previous = r;
                previousDate = d;
            }
            LocalDate last = versions.keySet().stream().reduce((a, b) -> b).orElseThrow();
            console.line("  last seen " + last + (last.equals(h.dates().get(h.dates().size() - 1)) ? " (the latest snapshot)" : ""));
            if (report != null) {
                remapNotes(key, report);
            }
        }

        private void remapNotes(Map<String, String> key, Report report) {
            boolean any = false;
            String which = "  reconcile " + report.from() + " -> " + report.to() + ": ";
            for (Report.Remap r : report.remaps()) {
                if (inFamily(r)) {
                    if (sameKey(r.recreatedKey(), key)) {
                        console.line(which + "a re-creation of " + json(r.original()) + ", remapped to it by restore.sql");
                        any = true;
                    } else if (sameKey(r.originalKey(), key)) {
                        console.line(which + "vanished and re-created as " + json(r.recreated()) + "; restore.sql brings it back under this id");
                        any = true;
                    }
                }
            }
            for (Report.Conflict c : report.conflicts()) {
                if (h.table().equals(c.table()) && (sameKey(c.vanishedKey(), key) || sameKey(c.holderKey(), key))) {
                    console.line(which + "in a conflict: " + c.key().text() + " " + c.reason());
                    any = true;
                }
            }
            if (!any) {
                console.line(which + "neither re-created nor remapped");
            }
        }

        private static String json(Object value) {
            try {
                return new ObjectMapper().writeValueAsString(value);
            } catch (IOException e) {
                return String.valueOf(value);
            }
        }

        /** The remap is of this table or of a table that shares its rows' ids by inheritance. */
        private boolean inFamily(Report.Remap remap) {
            for (String t : remap.family() == null ? List.of(remap.table()) : remap.family()) {
                if (t.equalsIgnoreCase(h.table())) {
                    return true;
                }
            }
            return false;
        }

        /** Key values in key order, compared as text (ids are shared across an inheritance family by position). */
        private static boolean sameKey(List<Object> values, Map<String, String> key) {
            if (values == null || values.size() != key.size()) {
                return false;
            }
            int i = 0;
            for (String v : key.values()) {
                if (!String.valueOf(values.get(i++)).equals(v)) {
                    return false;
                }
            }
            return true;
        }

        void holders(String columnName, String valueText) {
            Column c = h.column(columnName);
            Table t = h.latest();
            List<String> key = t.hasPrimaryKey() ? t.primaryKey().columns() : t.columnNames();
            List<org.apache.spark.sql.Column> cols = new ArrayList<>();
            cols.add(col(WarehouseLayout.DATE_COLUMN));
            key.forEach(k -> cols.add(col(SnapshotReader.quoted(k))));
            Map<LocalDate, List<String>> byDate = new TreeMap<>();
            for (Row r : h.where(col(SnapshotReader.quoted(c.name())).equalTo(h.literal(c.name(), valueText)))
                    .select(cols.toArray(new org.apache.spark.sql.Column[0])).collectAsList()) {
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < key.size(); i++) {
                    parts.add(key.get(i) + " = " + ValueText.of(r.get(i + 1)));
                }
                byDate.computeIfAbsent(r.getAs(WarehouseLayout.DATE_COLUMN), d -> new ArrayList<>()).add(String.join(", ", parts));
            }
            console.line(h.table() + "." + c.name() + " = " + valueText + ", on " + h.dates().size() + " snapshot dates from " + h.dates().get(0)
                    + " to " + h.dates().get(h.dates().size() - 1) + ":");
            String current = null;
            LocalDate since = null;
            LocalDate lastDate = null;
            for (LocalDate d : h.dates()) {
                String holders = h.missing().contains(d) ? "(the table did not exist)" : byDate.containsKey(d)
                        ? "held by " + String.join("; ", byDate.get(d).stream().sorted().toList()) : "held by no row";
                if (!Objects.equals(holders, current)) {
                    if (current != null) {
                        console.line("  " + range(since, lastDate) + "  " + current);
                    }
                    current = holders;
                    since = d;
                }
                lastDate = d;
            }
            console.line("  " + range(since, lastDate) + "  " + current);
        }

        private static String range(LocalDate a, LocalDate b) {
            return a.equals(b) ? a + "            " : a + " .. " + b;
        }

        private List<String> changes(Row before, Row after) {
            List<String> out = new ArrayList<>();
            for (String f : after.schema().fieldNames()) {
                if (f.equals(WarehouseLayout.DATE_COLUMN) || !List.of(before.schema().fieldNames()).contains(f)) {
                    continue;
                }
                Object a = before.getAs(f);
                Object b = after.getAs(f);
                if (!sameValue(a, b)) {
                    out.add(f + ": " + text(a) + " -> " + text(b));
                }
            }
            return out;
        }

        private static boolean sameValue(Object a, Object b) {
            if (a instanceof byte[] x && b instanceof byte[] y) {
                return java.util.Arrays.equals(x, y);
            }
            return Objects.equals(a, b);
        }

        private String values(Row r) {
            List<String> parts = new ArrayList<>();
            for (String f : r.schema().fieldNames()) {
                if (!f.equals(WarehouseLayout.DATE_COLUMN)) {
                    parts.add(f + " = " + text(r.getAs(f)));
                }
            }
            return String.join(", ", parts);
        }

        private static String text(Object v) {
            return v == null ? "NULL" : v instanceof String s ? "'" + s + "'" : ValueText.of(v);
        }

        private static String describe(Map<String, String> key) {
            List<String> parts = new ArrayList<>();
            key.forEach((k, v) -> parts.add(k + " = " + v));
            return String.join(", ", parts);
        }
    }
}

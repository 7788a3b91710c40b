package io.rowback.jobs.history;

import io.rowback.config.RowbackConfig;
import io.rowback.config.SourceConfig;
import io.rowback.errors.Errors;
import io.rowback.jobs.RowbackJob;
import io.rowback.jobs.cli.Command;
import io.rowback.jobs.cli.Console;
import io.rowback.jobs.cli.SourceOptions;
import io.rowback.spark.SparkSessions;
import io.rowback.store.WarehouseLayout;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

@CommandLine.Command(name = "sql", description = {
        "Run one Spark SQL statement over the history of a source.",
        "Every table is a view over all its dates (column snapshot_date); rowback_catalog and rowback_runs",
        "are the catalog and the run log. Example:",
        "  rowback sql --config c.yaml \"SELECT count(*) FROM contacts_partner WHERE snapshot_date = '2015-06-05'\""})
public final class SqlJob extends Command {
    public enum Format { table, csv, json }

    @CommandLine.Mixin
    SourceOptions options;

    @CommandLine.Parameters(index = "0", paramLabel = "QUERY", description = "a Spark SQL statement")
    String query;

    @CommandLine.Option(names = "--format", paramLabel = "FORMAT", description = "table (default), csv or json (one object per line)")
    Format format = Format.table;

    @CommandLine.Option(names = "--limit", paramLabel = "N", description = "rows shown in table format (default 200); csv and json print all")
    int limit = 200;

    @Override
    public Integer call() {
        RowbackConfig config = options.config();
        SourceConfig source = options.source();
        // a session of its own: the views' case-sensitivity must not outlive this query
        SparkSession spark = SparkSessions.create("rowback sql " + source.name()).newSession();
        HistoryViews.registerViews(spark, new WarehouseLayout(config.warehouse(), source.name()), query).notes().forEach(console::error);
        Dataset<Row> result;
        try {
            result = spark.sql(query);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // AnalysisException (ParseException is one) is checked in Java but not declared by Scala
            if (!(e instanceof AnalysisException)) {
                throw Errors.wrap("running the query", e);
            }
            throw Errors.invalid("the query does not run: " + Errors.oneLine(firstLine(e.getMessage()))
                    + "; tables are named as in the source, dates are compared as snapshot_date = '2015-06-05'");
        }
        print(result, format, limit, console.out());
        return 0;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse(s);
    }

    public static void print(Dataset<Row> df, Format format, int limit, PrintStream out) {
        String[] names = df.columns();
        switch (format) {
            case json -> {
                for (Iterator<String> it = df.toJSON().toLocalIterator(); it.hasNext(); ) {
                    out.println(it.next());
                }
            }
            case csv -> {
                out.println(csvLine(List.of(names)));
                for (Iterator<Row> it = df.toLocalIterator(); it.hasNext(); ) {
                    Row r = it.next();
                    List<String> cells = new ArrayList<>();
                    for (int i = 0; i < r.length(); i++) {
                        cells.add(ValueText.of(r.get(i)));
                    }
                    out.println(csvLine(cells));
                }
            }
            case table -> TextTable.print(names, df.limit(limit + 1).collectAsList(), limit, out);
        }
        out.flush();
    }

    static String csvLine(List<String> cells) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                s.append(',');
            }
            String c = cells.get(i);
            if (c == null) {
                continue;
            }
            boolean quote = c.isEmpty() || c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")
                    || !c.equals(c.strip());
            s.append(quote ? '"' + c.replace("\"", "\"\"") + '"' : c);
        }
        return s.toString();
    }

    public static void main(String[] args) {
        System.exit(RowbackJob.run(new SqlJob(), Console.system(), args));
    }
}

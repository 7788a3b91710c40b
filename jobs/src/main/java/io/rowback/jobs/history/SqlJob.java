package io.rowback.jobs.history;

import io.rowback.config.RowbackConfig;
import io.rowback.config.SourceConfig;
import io.rowback.errors.Errors;
import io.rowback.jobs.cli.Command;
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

    @CommandLine.Option(names = "--format", paramLabel = "FORMAT", description = "table (default), csv or json (one object per line, NULL as null);"
            + " in all three, binary values are 0x and hex, timestamps UTC")
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
            throw Errors.invalid("the query does not run: " + cause((AnalysisException) e, query)
                    + "; tables are named as in the source, dates are compared as snapshot_date = '2015-06-05'");
        }
        print(result, format, limit, MORE, console.out());
        return 0;
    }

    /** What the table format says when it shows only the first rows. */
    static final String MORE = "--limit shows more, --format csv shows all";

    /**
     * Spark's own words, on one line, and where in the query: a ParseException's message starts with
     * a blank line and ends with the query drawn with a caret, an AnalysisException's with the plan.
     */
    static String cause(AnalysisException e, String query) {
        String text = e.getMessage() == null ? "" : e.getMessage();
        int sqlBlock = text.indexOf("== SQL");
        if (sqlBlock >= 0) {
            text = text.substring(0, sqlBlock);
        }
        String first = text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(e.getClass().getSimpleName());
        StringBuilder s = new StringBuilder(Errors.oneLine(first));
        if (e.line().isDefined() && e.startPosition().isDefined()) {
            int line = (Integer) e.line().get();
            int pos = (Integer) e.startPosition().get();
            if (!first.contains("line " + line)) {
                s.append(" (line ").append(line).append(", pos ").append(pos).append(')');
            }
            String at = near(query, line, pos);
            if (!at.isEmpty()) {
                s.append(", here: ").append(at);
            }
        }
        return s.toString();
    }

    /** The query from the position on, as far as 30 characters of its line: the text Spark stumbled on. */
    static String near(String query, int line, int pos) {
        List<String> lines = query.lines().toList();
        if (line < 1 || line > lines.size() || pos < 0 || pos > lines.get(line - 1).length()) {
            return "";
        }
        String rest = lines.get(line - 1).substring(pos).strip();
        if (rest.isEmpty()) {
            return "the end of the query";
        }
        return "'" + (rest.length() > 30 ? rest.substring(0, 30) + "..." : rest) + "'";
    }

    /** @param more what the table format says shows the rest, when it shows only the first rows */
    public static void print(Dataset<Row> df, Format format, int limit, String more, PrintStream out) {
        String[] names = df.columns();
        switch (format) {
            case json -> {
                for (Iterator<Row> it = df.toLocalIterator(); it.hasNext(); ) {
                    out.println(JsonRows.line(names, it.next()));
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
            case table -> TextTable.print(names, df.limit(limit + 1).collectAsList(), limit, more, out);
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
}

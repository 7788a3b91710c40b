package io.rowback.jobs.history;

import io.rowback.config.RowbackConfig;
import io.rowback.config.SourceConfig;
import io.rowback.errors.Errors;
import io.rowback.errors.RowbackException;
import io.rowback.jobs.cli.Command;
import io.rowback.jobs.cli.Console;
import io.rowback.jobs.cli.SourceOptions;
import io.rowback.spark.SparkSessions;
import io.rowback.store.DeltaPaths;
import io.rowback.store.RunRecord;
import io.rowback.store.WarehouseLayout;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.Size;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@CommandLine.Command(name = "shell", description = {
        "Spark SQL over the history of a source in one Spark session, statement after statement.",
        "Every table is a view over all its dates (column snapshot_date), as in 'rowback sql'.",
        "Statements end with ';' and may span lines. Commands: \\tables, \\d TABLE, \\dates,",
        "\\format csv|json|table, \\help, \\q. At a terminal: line editing and a history",
        "(~/.rowback_history or $ROWBACK_HISTORY); otherwise statements come from --file or stdin."})
public final class ShellJob extends Command {
    /** What the shell says when it shows only the first rows. */
    static final String SHELL_MORE = "\\format csv shows all";

    @CommandLine.Mixin
    SourceOptions options;

    @CommandLine.Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "read the statements from this file")
    Path file;

    @CommandLine.Option(names = "--format", paramLabel = "FORMAT", description = "table (default), csv or json; \\format changes it")
    SqlJob.Format format = SqlJob.Format.table;

    @CommandLine.Option(names = "--limit", paramLabel = "N", description = "rows shown in table format (default 200)")
    int limit = 200;

    private SparkSession spark;
    private WarehouseLayout layout;
    private int failures;

    @Override
    public Integer call() throws IOException {
        RowbackConfig config = options.config();
        SourceConfig source = options.source();
        if (file != null && !Files.isReadable(file)) {
            throw Errors.badOption("--file " + file + " cannot be read; name a file of statements ended by ';'");
        }
        spark = SparkSessions.create("rowback shell " + source.name());
        layout = new WarehouseLayout(config.warehouse(), source.name());
        if (HistoryViews.tables(spark, layout).isEmpty()) {
            throw Errors.noSnapshots(layout.source(), layout.warehouse());
        }
        if (file != null) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                script(new BufferedReader(r));
            } catch (NoSuchFileException e) {
                throw Errors.badOption("--file " + file + " does not exist");
            }
        } else if (System.console() != null) {
            interactive(source.name());
            return 0;
        } else {
            script(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        }
        return failures == 0 ? 0 : RowbackException.FAILED;
    }

    /** Statements without a prompt; a failed one is reported and the next one runs. */
    private void script(BufferedReader in) throws IOException {
        Statements statements = new Statements();
        String line;
        while ((line = in.readLine()) != null) {
            if (statements.isEmpty() && line.strip().startsWith("\\")) {
                if (!backslash(line.strip())) {
                    return;
                }
                continue;
            }
            for (String s : statements.add(line)) {
                statement(s);
            }
        }
        String rest = statements.rest();
        if (!rest.isEmpty()) {
            statement(rest);
        }
    }

    private void interactive(String sourceName) throws IOException {
        Path history = System.getenv("ROWBACK_HISTORY") != null ? Path.of(System.getenv("ROWBACK_HISTORY"))
                : Path.of(System.getProperty("user.home"), ".rowback_history");
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            if (terminal.getWidth() <= 0) {
                // a pseudo-terminal nobody sized: JLine would cut every line to nothing
                terminal.setSize(new Size(Math.max(terminal.getWidth(), 100), Math.max(terminal.getHeight(), 24)));
            }
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("rowback")
                    .parser(new StatementParser())
                    .variable(LineReader.HISTORY_FILE, history)
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P      -> ")
                    // '!' and '^' are SQL, not history expansion
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .build();
            // Ctrl-C while a statement runs cancels it, not the session
            terminal.handle(Terminal.Signal.INT, s -> spark.sparkContext().cancelAllJobs());
            console.line("rowback shell on " + sourceName + " (" + layout.sourcePath() + "): statements end with ';',"
                    + " \\help for commands, \\q to quit");
            while (true) {
                String text;
                try {
                    text = reader.readLine("rowback> ");
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                String t = text.strip();
                if (t.startsWith("\\")) {
                    if (!backslash(t)) {
                        break;
                    }
                    continue;
                }
                Statements statements = new Statements();
                for (String s : statements.add(text)) {
                    statement(s);
                }
                String rest = statements.rest();
                if (!rest.isEmpty()) {
                    statement(rest);
                }
            }
            reader.getHistory().save();
        }
    }

    /** JLine asks for more lines until a ';' ends the statement; a backslash command is one line. */
    static final class StatementParser implements Parser {
        private final DefaultParser words = new DefaultParser();

        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            if (context == ParseContext.ACCEPT_LINE && !line.strip().startsWith("\\") && !Statements.complete(line)) {
                throw new EOFError(-1, cursor, "a statement ends with ';'");
            }
            return words.parse(line, cursor, context);
        }
    }

    /** Runs a backslash command; false for \q. */
    private boolean backslash(String command) {
        String c = command.endsWith(";") ? command.substring(0, command.length() - 1).strip() : command;
        String[] parts = c.split("\\s+", 2);
        String arg = parts.length > 1 ? parts[1].strip() : "";
        try {
            switch (parts[0].toLowerCase(Locale.ROOT)) {
                case "\\q", "\\quit" -> {
                    return false;
                }
                case "\\tables", "\\dt" -> tables();
                case "\\d" -> {
                    if (arg.isEmpty()) {
                        tables();
                    } else {
                        describe(arg);
                    }
                }
                case "\\dates" -> dates();
                case "\\format" -> {
                    try {
                        format = SqlJob.Format.valueOf(arg.toLowerCase(Locale.ROOT));
                        console.line("format " + format);
                    } catch (IllegalArgumentException e) {
                        throw Errors.badOption("\\format '" + arg + "' is not a format; say \\format csv, \\format json or \\format table");
                    }
                }
                case "\\help", "\\?", "\\h" -> console.line(String.join("\n",
                        "Statements: Spark SQL ended by ';' (may span lines); every table is a view over all its dates.",
                        "  \\tables           the tables of the history, and rowback_catalog, rowback_runs",
                        "  \\d TABLE          the columns of a table and their types",
                        "  \\dates            the snapshot dates: tables, failed tables, rows",
                        "  \\format FORMAT    table, csv or json",
                        "  \\q                quit (Ctrl-D too)"));
                default -> throw Errors.badOption("unknown command " + parts[0] + "; \\help lists the commands");
            }
        } catch (RowbackException e) {
            failed("rowback: " + e.getMessage());
        } catch (RuntimeException e) {
            failed("rowback: " + Console.describe(e));
        }
        return true;
    }

    private void tables() {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, String> t : HistoryViews.tables(spark, layout).entrySet()) {
            rows.add(RowFactory.create(t.getKey()));
        }
        if (DeltaPaths.isDeltaTable(spark, layout.catalogPath())) {
            rows.add(RowFactory.create(HistoryViews.CATALOG_VIEW));
        }
        if (DeltaPaths.isDeltaTable(spark, layout.runsPath())) {
            rows.add(RowFactory.create(HistoryViews.RUNS_VIEW));
        }
        TextTable.print(new String[]{"table"}, rows, Integer.MAX_VALUE, SHELL_MORE, console.out());
    }

    private void describe(String name) {
        String table = unquote(name);
        Map<String, String> tables = HistoryViews.tables(spark, layout);
        String path = tables.get(table);
        if (path == null && table.equalsIgnoreCase(HistoryViews.CATALOG_VIEW)) {
            path = layout.catalogPath();
        } else if (path == null && table.equalsIgnoreCase(HistoryViews.RUNS_VIEW)) {
            path = layout.runsPath();
        }
        if (path == null) {
            throw Errors.badOption("no table " + table + " in the history of " + layout.source()
                    + "; \\tables lists them (" + Errors.preview(tables.keySet(), 5) + ")");
        }
        List<Row> rows = new ArrayList<>();
        for (StructField f : spark.read().format("delta").load(path).schema().fields()) {
            rows.add(RowFactory.create(f.name(), f.dataType().sql().toLowerCase(Locale.ROOT), f.nullable() ? "yes" : "no"));
        }
        TextTable.print(new String[]{"column", "type", "nullable"}, rows, Integer.MAX_VALUE, SHELL_MORE, console.out());
    }

    private void dates() {
        if (!DeltaPaths.isDeltaTable(spark, layout.runsPath())) {
            throw Errors.noSnapshots(layout.source(), layout.warehouse());
        }
        HistoryViews.register(spark, HistoryViews.RUNS_VIEW, layout.runsPath());
        // the latest outcome of each table on each date, as RunsLog reads it
        Dataset<Row> d = spark.sql("SELECT snapshot_date, count(*) AS tables,"
                + " sum(CASE WHEN status = '" + RunRecord.SUCCEEDED + "' THEN 0 ELSE 1 END) AS failed, sum(rows) AS `rows`"
                + " FROM (SELECT *, row_number() OVER (PARTITION BY snapshot_date, table_name ORDER BY finished_at DESC) AS rn"
                + " FROM " + HistoryViews.RUNS_VIEW + ") WHERE rn = 1 GROUP BY snapshot_date ORDER BY snapshot_date");
        SqlJob.print(d, format, Integer.MAX_VALUE, SHELL_MORE, console.out());
    }

    private void statement(String sql) {
        try {
            HistoryViews.registerFor(spark, layout, sql);
            Dataset<Row> result;
            try {
                result = spark.sql(sql);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                // AnalysisException (ParseException is one) is checked in Java but not declared by Scala
                if (!(e instanceof AnalysisException)) {
                    throw Errors.wrap("running the statement", e);
                }
                throw Errors.invalid("the statement does not run: " + Errors.oneLine(firstLine(e.getMessage()))
                        + "; tables are named as in the source, dates are compared as snapshot_date = '2015-06-05'");
            }
            SqlJob.print(result, format, limit, SHELL_MORE, console.out());
        } catch (RowbackException e) {
            failed("rowback: " + e.getMessage());
        } catch (RuntimeException e) {
            failed("rowback: " + Console.describe(e));
        }
    }

    private void failed(String message) {
        failures++;
        console.out().flush();
        console.error(message);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse(s);
    }

    private static String unquote(String name) {
        String n = name.strip();
        if (n.length() >= 2 && (n.startsWith("`") && n.endsWith("`") || n.startsWith("\"") && n.endsWith("\""))) {
            return n.substring(1, n.length() - 1);
        }
        return n;
    }
}

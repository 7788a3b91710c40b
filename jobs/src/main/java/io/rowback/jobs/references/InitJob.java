package io.rowback.jobs.references;

import io.rowback.catalog.Catalog;
import io.rowback.catalog.Column;
import io.rowback.catalog.ForeignKey;
import io.rowback.catalog.Key;
import io.rowback.catalog.Table;
import io.rowback.config.Secret;
import io.rowback.config.SourceConfig;
import io.rowback.config.TableFilter;
import io.rowback.dialect.Dialects;
import io.rowback.errors.Errors;
import io.rowback.graph.ReferenceGraph;
import io.rowback.jobs.cli.Command;
import io.rowback.source.SourceDatabase;
import io.rowback.spark.SparkSessions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;

@CommandLine.Command(name = "init", description = {
        "Write a starting configuration for a database to stdout: the source (password from the environment),",
        "table filters, the references the database does not declare (tested on its rows now, through Spark's",
        "JDBC reads) and natural-key candidates (unique and non-null on every row, not declared unique),",
        "each commented so that you keep or delete it. Example:",
        "  ROWBACK_DB_PASSWORD=... rowback init --url jdbc:mariadb://db:3306/lino --user backup > conf/mine.yaml"})
public final class InitJob extends Command {
    private static final Pattern VOLATILE = Pattern.compile("(?i).*(session|cache|_log|^tmp_|_tmp$|celery_taskmeta|schema_migrations|ar_internal_metadata|migrations).*");

    @CommandLine.Option(names = "--url", required = true, paramLabel = "JDBC_URL", description = "jdbc:mariadb:, jdbc:mysql:, jdbc:postgresql: or jdbc:h2: URL of the database")
    String url;

    @CommandLine.Option(names = "--user", required = true, paramLabel = "U", description = "the database user rowback reads as")
    String user;

    @CommandLine.Option(names = "--schema", paramLabel = "S", description = "PostgreSQL schema (default: the user's current one); MySQL: the URL's database")
    String schema;

    @CommandLine.Option(names = "--password-env", paramLabel = "NAME", description = "environment variable that holds the password (default ROWBACK_DB_PASSWORD; unset means none)")
    String passwordEnv = "ROWBACK_DB_PASSWORD";

    @CommandLine.Option(names = "--name", paramLabel = "NAME", description = "name of the source (default: the database's name)")
    String name;

    @CommandLine.Option(names = "--warehouse", paramLabel = "PATH", description = "where the history is to be kept (default /var/lib/rowback)")
    String warehouse = "/var/lib/rowback";

    @CommandLine.Option(names = "--min-coverage", paramLabel = "SHARE", description = "share of a column's values a key must hold to be suggested as a reference (default 0.99)")
    String minCoverage = "0.99";

    @Override
    public Integer call() throws SQLException {
        if (!Pattern.compile("(?i)^jdbc:(mariadb|mysql|postgresql|h2):.+").matcher(url).matches()) {
            throw Errors.badOption("--url " + Errors.redact(url) + " is not a URL rowback can read; use jdbc:mariadb:, jdbc:mysql:, jdbc:postgresql: or jdbc:h2:");
        }
        if (!passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw Errors.badOption("--password-env '" + passwordEnv + "' is not an environment variable name; use letters, digits and '_'");
        }
        double min = ReferencesJob.parseCoverage(minCoverage);
        String sourceName = name != null ? name : sourceName(url);
        String password = System.getenv(passwordEnv);
        SourceConfig source = new SourceConfig(sourceName, url, user, new Secret(password), schema, TableFilter.ALL, Map.of(), List.of(),
                SourceConfig.DEFAULT_MAX_ROW_DROP, false);
        SourceDatabase db = new SourceDatabase(source, Dialects.forSource(source));
        Catalog catalog = db.readCatalog();
        String readSchema;
        try (Connection c = db.connect()) {
            readSchema = db.schema(c);
        }
        console.error("rowback init: " + catalog.size() + " tables; testing references and natural keys on their rows...");
        SparkSession spark = SparkSessions.create("rowback init " + sourceName);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        ColumnValues live = ColumnValues.live(spark, db, readSchema, today);
        ReferenceGraph graph = ReferenceGraph.of(catalog, source);
        ReferenceFinder.Found found = new ReferenceFinder(spark, live, min, t -> true).find(graph);
        Map<String, List<NaturalKey>> naturalKeys = naturalKeys(spark, live, catalog, found);

        StringBuilder y = new StringBuilder();
        y.append("# rowback configuration for ").append(Errors.redact(url)).append(", written by 'rowback init' on ").append(today).append(".\n");
        y.append("# Every suggestion below was tested on the database's rows today: keep what is right, delete the rest.\n");
        y.append("warehouse: ").append(quote(warehouse)).append("            # a local folder or a Hadoop URI (hdfs://, s3a://)\n");
        y.append("sources:\n");
        y.append("  ").append(sourceName).append(":\n");
        y.append("    url: ").append(quote(url)).append('\n');
        y.append("    user: ").append(quote(user)).append('\n');
        y.append("    password: ${env:").append(passwordEnv).append("}   # from the environment: never printed, never stored\n");
        if (schema != null) {
            y.append("    schema: ").append(quote(schema)).append('\n');
        }
        List<String> volatileTables = catalog.names().stream().filter(n -> VOLATILE.matcher(n).matches()).toList();
        y.append("    tables:\n");
        y.append("      include: [\"*\"]\n");
        if (volatileTables.isEmpty()) {
            y.append("      exclude: []                      # tables not worth a history (sessions, caches, logs)\n");
        } else {
            y.append("      # sessions, caches, logs and migrations change all day and are rarely restored: keep or delete each\n");
            y.append("      exclude: [").append(String.join(", ", volatileTables.stream().map(InitJob::quote).toList())).append("]\n");
        }
        y.append("    naturalKeys:                       # columns that identify a row besides its declared unique keys\n");
        if (naturalKeys.isEmpty()) {
            y.append("      # no column is unique and non-null on every row without being declared unique\n");
        }
        naturalKeys.forEach((table, keys) -> {
            for (int i = 0; i < keys.size(); i++) {
                NaturalKey k = keys.get(i);
                y.append("      # unique and non-null on all ").append(String.format("%,d", k.rows())).append(" rows, not declared unique\n");
                y.append("      ").append(i == 0 ? "" : "# ").append(quote(table)).append(": [").append(quote(k.column())).append("]")
                        .append(i == 0 ? "" : "   (one natural key per table: swap it with the line above to use this one)").append('\n');
            }
        });
        String refs = SuggestionText.yaml(sourceName, List.of(today), min, found, false);
        y.append("    references:                        # foreign keys the database does not declare\n");
        y.append(refs);
        y.append("snapshot:\n  parallelTables: 6                    # tables extracted at once\n");
        console.out().print(y);
        console.out().flush();
        return 0;
    }

    record NaturalKey(String column, long rows) {
    }

    /** Per table, single columns with as many distinct non-null values as rows (at least two rows). */
    static Map<String, List<NaturalKey>> naturalKeys(SparkSession spark, ColumnValues live, Catalog catalog, ReferenceFinder.Found found) {
        Set<String> references = new HashSet<>();
        found.suggestions().forEach(s -> references.add(s.table() + "." + s.column()));
        List<String[]> probes = new ArrayList<>();
        Dataset<Row> all = null;
        for (Table t : catalog.tables()) {
            Set<String> excluded = new HashSet<>();
            if (t.hasPrimaryKey()) {
                excluded.addAll(t.primaryKey().columns());
            }
            for (Key k : t.uniqueKeys()) {
                if (k.columns().size() == 1) {
                    excluded.add(k.columns().get(0));
                }
            }
            for (ForeignKey f : t.foreignKeys()) {
                excluded.addAll(f.columns());
            }
            for (Column c : t.columns()) {
                if (excluded.contains(c.name()) || c.identity() || c.generated() || references.contains(t.name() + "." + c.name())
                        || ReferenceFinder.typeKey(c) == null || c.name().toLowerCase(Locale.ROOT).endsWith("_id")) {
                    continue;
                }
                int id = probes.size();
                probes.add(new String[]{t.name(), c.name()});
                Dataset<Row> df = live.read(t, List.of(c.name())).select(lit(id).as("p"), col("c0").cast("string").as("v"));
                all = all == null ? df : all.unionAll(df);
            }
        }
        Map<String, List<NaturalKey>> out = new LinkedHashMap<>();
        if (all == null) {
            return out;
        }
        List<Row> rows = all.groupBy(col("p")).agg(count(lit(1)), count(col("v")), countDistinct(col("v"))).orderBy(col("p")).collectAsList();
        for (Row r : rows) {
            long n = r.getLong(1);
            if (n >= 2 && r.getLong(2) == n && r.getLong(3) == n) {
                String[] p = probes.get(r.getInt(0));
                out.computeIfAbsent(p[0], x -> new ArrayList<>()).add(new NaturalKey(p[1], n));
            }
        }
        return out;
    }

    /** The database's name in the URL, as a source name. */
    static String sourceName(String url) {
        String rest = url.replaceFirst("(?i)^jdbc:[a-z0-9]+:", "").replaceFirst("[?;].*$", "");
        String last = rest.substring(rest.lastIndexOf('/') + 1);
        if (rest.toLowerCase(Locale.ROOT).startsWith("mem:") || rest.toLowerCase(Locale.ROOT).startsWith("file:")) {
            last = rest.substring(rest.indexOf(':') + 1).replaceAll(".*[/\\\\]", "");
        }
        String clean = last.replaceAll("[^A-Za-z0-9_.-]", "_");
        return clean.isEmpty() || !Character.isLetterOrDigit(clean.charAt(0)) ? "main" : clean;
    }

    /** A YAML double-quoted scalar. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

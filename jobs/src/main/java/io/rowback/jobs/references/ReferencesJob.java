package io.rowback.jobs.references;

import io.rowback.catalog.Catalog;
import io.rowback.config.RowbackConfig;
import io.rowback.config.SourceConfig;
import io.rowback.errors.Errors;
import io.rowback.graph.ReferenceGraph;
import io.rowback.jobs.cli.Command;
import io.rowback.jobs.cli.Dates;
import io.rowback.jobs.cli.SourceOptions;
import io.rowback.spark.SparkSessions;
import io.rowback.store.CatalogStore;
import io.rowback.store.SnapshotReader;
import io.rowback.store.WarehouseLayout;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

import java.time.LocalDate;
import java.util.List;

@CommandLine.Command(name = "references", description = {
        "Find the references the database does not declare, from the catalog and every snapshot date:",
        "Django generic relations (django_content_type), Rails/Laravel polymorphic associations (X_type + X_id)",
        "and plain *_id columns whose values are in a key of the same type on every date.",
        "Prints YAML list items for references: with their evidence in comments; what is not sure is printed",
        "as comment lines, so the output can be appended to the configuration as it is."})
public final class ReferencesJob extends Command {
    public enum Format { yaml, json }

    @CommandLine.Mixin
    SourceOptions options;

    @CommandLine.Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "the catalog of this snapshot, and every date up to it (default: the latest)")
    String date;

    @CommandLine.Option(names = "--min-coverage", paramLabel = "SHARE", description = "share of a column's values a key must hold on every date to be paste-ready (default 0.99)")
    String minCoverage = "0.99";

    @CommandLine.Option(names = "--format", paramLabel = "FORMAT", description = "yaml (default) or json")
    Format format = Format.yaml;

    @Override
    public Integer call() {
        RowbackConfig config = options.config();
        SourceConfig source = options.source();
        double min = parseCoverage(minCoverage);
        SparkSession spark = SparkSessions.create("rowback references " + source.name());
        WarehouseLayout layout = new WarehouseLayout(config.warehouse(), source.name());
        CatalogStore catalogs = new CatalogStore(spark, layout);
        List<LocalDate> all = catalogs.dates();
        if (all.isEmpty()) {
            throw Errors.noSnapshots(source.name(), config.warehouse());
        }
        LocalDate upTo = date == null ? all.get(all.size() - 1) : Dates.parse("--date", date);
        List<LocalDate> dates = all.stream().filter(d -> !d.isAfter(upTo)).toList();
        if (dates.isEmpty()) {
            throw Errors.noSnapshotUpTo(source.name(), upTo.toString(), all.get(0).toString());
        }
        LocalDate last = dates.get(dates.size() - 1);
        Catalog catalog = catalogs.read(last);
        ReferenceGraph graph = ReferenceGraph.of(catalog, source);
        long t0 = System.nanoTime();
        ColumnValues values = ColumnValues.snapshots(new SnapshotReader(spark, layout), dates.get(0), last);
        ReferenceFinder.Found found = new ReferenceFinder(spark, values, min, t -> true).find(graph);
        if (format == Format.json) {
            console.out().print(SuggestionText.json(source.name(), dates, min, found));
        } else {
            console.out().print(SuggestionText.yaml(source.name(), dates, min, found, source.references().isEmpty()));
            console.out().printf("# found in %.1f s over %d tables%n", (System.nanoTime() - t0) / 1e9, catalog.size());
        }
        console.out().flush();
        return 0;
    }

    static double parseCoverage(String text) {
        try {
            double v = Double.parseDouble(text.strip());
            if (v >= 0 && v <= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // falls through to the one-line error
        }
        throw Errors.badMinCoverage(text);
    }
}

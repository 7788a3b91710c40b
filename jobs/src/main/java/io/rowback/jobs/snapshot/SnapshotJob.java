package io.rowback.jobs.snapshot;

import io.rowback.catalog.Catalog;
import io.rowback.config.RowbackConfig;
import io.rowback.config.SourceConfig;
import io.rowback.dialect.Dialects;
import io.rowback.jobs.RowbackJob;
import io.rowback.jobs.cli.Command;
import io.rowback.jobs.cli.Console;
import io.rowback.jobs.cli.Dates;
import io.rowback.jobs.cli.SourceOptions;
import io.rowback.source.SourceDatabase;
import io.rowback.spark.SparkSessions;
import io.rowback.store.WarehouseLayout;
import picocli.CommandLine;

import java.time.LocalDate;

@CommandLine.Command(name = "snapshot", description = {
        "Copy every selected table of a source into the warehouse as the snapshot of one date.",
        "Rerunning a date replaces it. Exit status 1 when a table failed (the others are written)."})
public final class SnapshotJob extends Command {
    @CommandLine.Mixin
    SourceOptions options;

    @CommandLine.Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "date of the snapshot (default: today, UTC)")
    String date;

    @Override
    public Integer call() {
        RowbackConfig config = options.config();
        SourceConfig source = options.source();
        LocalDate day = Dates.parse("--date", date);
        SourceDatabase db = new SourceDatabase(source, Dialects.forSource(source));
        Catalog catalog = db.readCatalog();
        Snapshotter.Result result = new Snapshotter(SparkSessions.create("rowback snapshot " + source.name()), db, config.snapshot(),
                new WarehouseLayout(config.warehouse(), source.name()), console).run(day, catalog);
        return result.failed() == 0 ? 0 : 1;
    }

    public static void main(String[] args) {
        System.exit(RowbackJob.run(new SnapshotJob(), Console.system(), args));
    }
}

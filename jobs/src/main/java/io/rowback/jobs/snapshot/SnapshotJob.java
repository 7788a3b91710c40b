package io.rowback.jobs.snapshot;

import io.rowback.catalog.Catalog;
import io.rowback.config.RowbackConfig;
import io.rowback.config.SourceConfig;
import io.rowback.dialect.Dialects;
import io.rowback.jobs.cli.Command;
import io.rowback.jobs.cli.Dates;
import io.rowback.jobs.cli.SourceOptions;
import io.rowback.source.SourceDatabase;
import io.rowback.spark.SparkSessions;
import io.rowback.store.WarehouseLayout;
import picocli.CommandLine;

import java.time.LocalDate;

@CommandLine.Command(name = "snapshot", description = {
        "Copy every selected table of a source into the warehouse as the snapshot of one date.",
        "Rerunning a date replaces it. Then each table is compared with the previous complete date and the",
        "rows that vanished are held against the watch: limits of the configuration.",
        "Exit status: 0 done, 1 a table failed (the others are written), 2 bad input,",
        "3 all written but more rows vanished than watch: allows (the alert is on stderr and goes to watch.notify)."})
public final class SnapshotJob extends Command {
    /** Exit status of a snapshot that wrote every table and found more rows vanished than the watch allows. */
    public static final int WATCH_TRIPPED = 3;

    @CommandLine.Mixin
    SourceOptions options;

    @CommandLine.Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "date of the snapshot (default: today, UTC)")
    String date;

    @CommandLine.Option(names = "--only-failed", description = "take only the tables that failed on that date (a rerun after a failure)")
    boolean onlyFailed;

    @Override
    public Integer call() {
        RowbackConfig config = options.config();
        SourceConfig source = options.source();
        LocalDate day = Dates.parse("--date", date);
        SourceDatabase db = new SourceDatabase(source, Dialects.forSource(source));
        Catalog catalog = db.readCatalog();
        Snapshotter.Result result = new Snapshotter(SparkSessions.create("rowback snapshot " + source.name()), db, config.snapshot(),
                new WarehouseLayout(config.warehouse(), source.name()), console)
                .watch(config.watch(), config.file().toString()).run(day, catalog, onlyFailed);
        if (result.failed() > 0) {
            return 1;
        }
        return result.watchTripped() ? WATCH_TRIPPED : 0;
    }
}

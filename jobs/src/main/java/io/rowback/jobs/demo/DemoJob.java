package io.rowback.jobs.demo;

import io.rowback.config.ConfigLoader;
import io.rowback.config.RowbackConfig;
import io.rowback.config.SourceConfig;
import io.rowback.dialect.Dialects;
import io.rowback.errors.Errors;
import io.rowback.jobs.apply.ScriptRunner;
import io.rowback.jobs.apply.SqlScript;
import io.rowback.jobs.reconcile.ReconcileRequest;
import io.rowback.jobs.reconcile.Reconciliation;
import io.rowback.jobs.cli.Command;
import io.rowback.jobs.history.HistoryViews;
import io.rowback.jobs.history.SqlJob;
import io.rowback.jobs.snapshot.Snapshotter;
import io.rowback.source.SourceDatabase;
import io.rowback.spark.SparkSessions;
import io.rowback.store.WarehouseLayout;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole story on an embedded H2 database, with nothing to set up: an application shaped like the
 * incident's, a snapshot, partners vanishing with their rows, a client re-created under a new id,
 * a second snapshot and what the history shows about it; then reconcile, the restore script applied,
 * and a third snapshot with the records back.
 */
@CommandLine.Command(name = "demo", description = {
        "Run rowback end to end on an embedded H2 database (no set-up): snapshot, break, snapshot, look,",
        "reconcile, apply the restore script, snapshot again.",
        "Everything is written under --dir (default ./rowback-demo), which is replaced on each run."})
public final class DemoJob extends Command {
    static final LocalDate DAY1 = LocalDate.of(2015, 6, 5);
    static final LocalDate DAY2 = LocalDate.of(2015, 6, 12);
    static final LocalDate DAY3 = LocalDate.of(2015, 6, 13);
    static final int PARTNERS = 60;
    static final List<Integer> VANISHED = List.of(1, 10, 12, 14, 33, 38);
    static final int RECREATED = 14;
    static final int RECREATED_AS = 100014;
    static final int TAKES_ID = 16;
    static final int ID_TAKEN_FROM = 38;
    private static final String MARKER = ".rowback-demo";

    @CommandLine.Option(names = "--dir", paramLabel = "DIR", description = "folder for the demo's database, warehouse and configuration")
    Path dir = Path.of("rowback-demo");

    @Override
    public Integer call() throws Exception {
        Path home = prepare(dir.toAbsolutePath().normalize());
        Path config = writeConfig(home);
        RowbackConfig cfg = new ConfigLoader().load(config);
        SourceConfig source = cfg.source(null);
        SourceDatabase db = new SourceDatabase(source, Dialects.forSource(source));
        WarehouseLayout layout = new WarehouseLayout(cfg.warehouse(), source.name());

        console.line("== rowback demo in " + home);
        console.line("An application shaped like the incident's (Lino on Django): partners, persons and clients");
        console.line("sharing their key, national ids, notes, calendar events, coachings, aids; " + PARTNERS + " partners.");
        try (Connection c = db.connect()) {
            IncidentDatabase app = new IncidentDatabase(c, "h2");
            app.create();
            app.populate(PARTNERS);

            SparkSession spark = SparkSessions.create("rowback demo");
            console.line("");
            console.line("== " + DAY1 + ": the nightly snapshot");
            new Snapshotter(spark, db, cfg.snapshot(), layout, console).run(DAY1, db.readCatalog());

            console.line("");
            console.line("== Between the two snapshots, the incident:");
            Map<String, Integer> deleted = app.deletePartners(VANISHED);
            console.line("  partners " + VANISHED + " vanish with their dependent rows: " + deleted.values().stream().mapToInt(i -> i).sum() + " rows");
            app.recreateClient(RECREATED, RECREATED_AS, 9_000_000);
            console.line("  client " + RECREATED + " comes back and is created again from the ID card, as " + RECREATED_AS);
            app.takeNationalId(TAKES_ID, IncidentDatabase.nationalId(ID_TAKEN_FROM));
            console.line("  client " + TAKES_ID + " is given the national id that vanished client " + ID_TAKEN_FROM + " had");

            console.line("");
            console.line("== " + DAY2 + ": the next nightly snapshot");
            new Snapshotter(spark, db, cfg.snapshot(), layout, console).run(DAY2, db.readCatalog());

            console.line("");
            console.line("== What the history shows (rowback sql --config " + relative(config) + " \"...\")");
            show(spark, layout, "Rows per date:",
                    "SELECT p.snapshot_date, count(*) AS partners, count(c.person_ptr_id) AS clients FROM contacts_partner p"
                            + " LEFT JOIN pcsw_client c ON c.snapshot_date = p.snapshot_date AND c.person_ptr_id = p.id"
                            + " GROUP BY p.snapshot_date ORDER BY p.snapshot_date");
            show(spark, layout, "Partners of " + DAY1 + " that are gone on " + DAY2 + ":",
                    "SELECT a.id, a.name, a.email FROM contacts_partner a LEFT ANTI JOIN contacts_partner b"
                            + " ON b.id = a.id AND b.snapshot_date = DATE'" + DAY2 + "' WHERE a.snapshot_date = DATE'" + DAY1 + "' ORDER BY a.id");
            show(spark, layout, "Who holds the national ids of the vanished clients, per date:",
                    "SELECT national_id, snapshot_date, person_ptr_id, client_state FROM pcsw_client WHERE national_id IN ("
                            + "SELECT national_id FROM pcsw_client a WHERE snapshot_date = DATE'" + DAY1 + "' AND person_ptr_id IN ("
                            + VANISHED.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + "))"
                            + " ORDER BY national_id, snapshot_date");
            show(spark, layout, "Refund confirmations still naming a doctor that is gone (dangling):",
                    "SELECT r.id, r.client_id, r.doctor_id FROM aids_refundconfirmation r LEFT ANTI JOIN contacts_person d"
                            + " ON d.partner_ptr_id = r.doctor_id AND d.snapshot_date = r.snapshot_date"
                            + " WHERE r.snapshot_date = DATE'" + DAY2 + "' ORDER BY r.id");

            Path out = home.resolve("restore");
            console.line("");
            console.line("== Reconcile (rowback reconcile --config " + relative(config) + " --from " + DAY1 + " --to " + DAY2
                    + " --root contacts_partner --out " + relative(out) + ")");
            io.rowback.store.RunsLog runs = new io.rowback.store.RunsLog(spark, layout);
            io.rowback.store.CatalogStore catalogs = new io.rowback.store.CatalogStore(spark, layout);
            try (io.rowback.spark.ExecutionMode mode = io.rowback.spark.ExecutionMode.forRows(spark,
                    runs.rows(catalogs.read(DAY1).names(), DAY1, DAY2))) {
                // the catalog and runs just read are the plan's too
                new Reconciliation(spark, console).withHistory(catalogs, runs, new io.rowback.store.SnapshotReader(spark, layout))
                        .run(new ReconcileRequest(source, cfg.warehouse(), DAY1, DAY2, List.of("contacts_partner"), out, false, false));
            }
            console.line("");
            console.line("The head of " + relative(out.resolve("restore.sql")) + " (report.md and undo.sql are beside it):");
            for (String line : Files.readAllLines(out.resolve("restore.sql"))) {
                if (!line.startsWith("--")) {
                    break;
                }
                console.line("  " + line);
            }

            console.line("");
            console.line("== Apply (rowback apply --config " + relative(config) + " --script " + relative(out.resolve("restore.sql")) + ", then --commit)");
            SqlScript script = SqlScript.parse(Files.readString(out.resolve("restore.sql")), db.dialect().name());
            try (Connection a = db.connect()) {
                ScriptRunner.Outcome dry = new ScriptRunner(console).run(a, script, false);
                console.line(String.format("  dry run: %d statements, %d would fail; rolled back", dry.statements(), dry.failures().size()));
                ScriptRunner.Outcome done = new ScriptRunner(console).run(a, script, true);
                console.line(String.format("  committed: %d statements, %,d rows changed", done.statements(), done.rowsChanged()));
            }

            console.line("");
            console.line("== " + DAY3 + ": the snapshot after the restore");
            new Snapshotter(spark, db, cfg.snapshot(), layout, console).run(DAY3, db.readCatalog());
            show(spark, layout, "Partners of " + DAY1 + " still missing on " + DAY3 + " (the conflict, left to a person):",
                    "SELECT a.id, a.name FROM contacts_partner a LEFT ANTI JOIN contacts_partner b"
                            + " ON b.id = a.id AND b.snapshot_date = DATE'" + DAY3 + "' WHERE a.snapshot_date = DATE'" + DAY1 + "' ORDER BY a.id");
            show(spark, layout, "Client " + RECREATED + "'s notes, per date (the one written for " + RECREATED_AS + " now belongs to " + RECREATED + "):",
                    "SELECT snapshot_date, id, owner_id, subject FROM notes_note WHERE owner_type_id = " + IncidentDatabase.CLIENT_TYPE
                            + " AND owner_id IN (" + RECREATED + ", " + RECREATED_AS + ") ORDER BY snapshot_date, id");
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
        console.line("");
        console.line("The history stays in " + relative(home.resolve("warehouse")) + "; ask it anything, e.g.");
        console.line("  scripts/rowback sql --config " + relative(config) + " \"SELECT * FROM rowback_runs ORDER BY snapshot_date, table_name\"");
        return 0;
    }

    private void show(SparkSession spark, WarehouseLayout layout, String title, String query) {
        console.line("");
        console.line(title);
        HistoryViews.registerFor(spark, layout, query);
        SqlJob.print(spark.sql(query), SqlJob.Format.table, 50, "rowback sql shows all", console.out());
    }

    private static String relative(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
    }

    /** An empty folder for the demo: a previous demo's folder is replaced, any other folder is left alone. */
    static Path prepare(Path home) throws IOException {
        if (Files.exists(home)) {
            boolean empty;
            try (Stream<Path> s = Files.list(home)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !Files.exists(home.resolve(MARKER))) {
                throw Errors.invalid(home + " exists and is not a rowback demo folder; choose another with --dir");
            }
            try (Stream<Path> walk = Files.walk(home)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(home);
        Files.writeString(home.resolve(MARKER), "made by rowback demo; removed by the next run\n");
        return home;
    }

    static Path writeConfig(Path home) throws IOException {
        StringBuilder y = new StringBuilder();
        y.append("# Written by rowback demo: the embedded database and its history.\n");
        y.append("warehouse: ").append(home.resolve("warehouse")).append('\n');
        y.append("sources:\n  lino:\n");
        y.append("    url: \"jdbc:h2:file:").append(home.resolve("db").resolve("lino")).append(";DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1\"\n");
        y.append("    user: sa\n");
        y.append("    schema: public\n");
        y.append("    naturalKeys:\n      pcsw_client: [national_id]\n");
        y.append("    references:\n");
        for (String r : IncidentDatabase.REFERENCES) {
            y.append("      - \"").append(r).append("\"\n");
        }
        y.append("snapshot:\n  parallelTables: 4\n");
        Path file = home.resolve("rowback.yaml");
        Files.writeString(file, y.toString());
        return file;
    }
}

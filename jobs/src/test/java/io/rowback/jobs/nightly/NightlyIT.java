package io.rowback.jobs.nightly;

import io.rowback.config.ConfigLoader;
import io.rowback.config.RowbackConfig;
import io.rowback.jobs.testing.Cli;
import io.rowback.jobs.testing.Configs;
import io.rowback.jobs.testing.SparkExtension;
import io.rowback.jobs.testing.TestDatabase;
import io.rowback.store.RunRecord;
import io.rowback.store.RunsLog;
import io.rowback.store.WarehouseLayout;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The nightly job on a database people keep using: the run log's figures and the watch. */
abstract class NightlyIT {
    static final LocalDate DAY1 = LocalDate.of(2026, 3, 1);
    static final LocalDate DAY2 = LocalDate.of(2026, 3, 2);
    static final LocalDate DAY3 = LocalDate.of(2026, 3, 3);

    @TempDir
    Path dir;
    TestDatabase db;
    final SparkSession spark = SparkExtension.spark();

    abstract TestDatabase database();

    @BeforeEach
    void createDatabase() {
        db = database();
    }

    @AfterEach
    void dropDatabase() throws Exception {
        db.close();
    }

    Map<String, RunRecord> runs(Path config, LocalDate date) {
        RowbackConfig cfg = new ConfigLoader().load(config);
        return new RunsLog(spark, new WarehouseLayout(cfg.warehouse(), "src")).read(date);
    }

    Cli.Result snapshot(Path config, LocalDate date) {
        return Cli.run("snapshot", "--config", config.toString(), "--date", date.toString());
    }

    /** partner 1..n; client 1..2n, two per partner. */
    void partnersWithClients(int n) throws Exception {
        db.execute("CREATE TABLE partner (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL)",
                "CREATE TABLE client (id INTEGER PRIMARY KEY, partner_id INTEGER NOT NULL REFERENCES partner (id), note VARCHAR(40))");
        StringJoiner p = new StringJoiner(", ");
        StringJoiner c = new StringJoiner(", ");
        for (int i = 1; i <= n; i++) {
            p.add("(" + i + ", 'partner " + i + "')");
            c.add("(" + (2 * i - 1) + ", " + i + ", 'a')");
            c.add("(" + (2 * i) + ", " + i + ", 'b')");
        }
        db.execute("INSERT INTO partner VALUES " + p, "INSERT INTO client VALUES " + c);
    }

    /**
     * Issue 13 §5: a table emptied between two dates is recorded with 0 rows (an empty write makes no
     * Delta commit; the figure must not be the previous date's), so reconcile's guard fires.
     */
    @Test
    void aTableEmptiedBetweenTwoDatesIsRecordedAsZeroAndReconcileRefusesIt() throws Exception {
        partnersWithClients(20);
        Path config = Configs.write(dir, db, null);
        assertEquals(0, snapshot(config, DAY1).exit());
        assertEquals(20, runs(config, DAY1).get("partner").rows());
        db.execute("DELETE FROM client", "DELETE FROM partner");
        Cli.Result second = snapshot(config, DAY2);
        assertEquals(0, second.exit(), "no watch: section, no limits: " + second);
        assertTrue(second.out().contains("vanished since " + DAY1 + ": client 40, partner 20"), second::toString);
        RunRecord partner = runs(config, DAY2).get("partner");
        assertTrue(partner.succeeded());
        assertEquals(0, partner.rows(), "rows written on " + DAY2);
        assertEquals(0, partner.bytes(), "bytes written on " + DAY2);
        assertEquals(0, runs(config, DAY2).get("client").rows());

        Path out = dir.resolve("restore");
        Cli.Result refused = Cli.run("reconcile", "--config", config.toString(), "--from", DAY1.toString(), "--to", DAY2.toString(),
                "--root", "partner", "--out", out.toString());
        Cli.assertRefused(refused, "partner fell from 20 to 0 rows", "--allow-drop");

        // a rerun of the date, now with rows again, replaces the empty date and says what it wrote
        db.execute("INSERT INTO partner VALUES (1, 'back')");
        assertEquals(0, snapshot(config, DAY2).exit());
        assertEquals(1, runs(config, DAY2).get("partner").rows());
        db.execute("DELETE FROM partner");
        assertEquals(0, snapshot(config, DAY2).exit());
        assertEquals(0, runs(config, DAY2).get("partner").rows(), "a replaced date emptied again: 0, not the replaced figure");
    }

    @Test
    void ordinaryChurnStaysQuietAndAnIncidentTripsTheWatchOnTheNextSnapshot() throws Exception {
        partnersWithClients(1000);
        Path alert = dir.resolve("alert.txt");
        Path config = Configs.write(dir, db, null, "watch:\n  tables:\n    client: {maxVanished: 1000, maxVanishedShare: 0.5}\n"
                + "  notify: \"cat > '" + alert + "'\"\n");
        Cli.Result first = snapshot(config, DAY1);
        assertEquals(0, first.exit(), first::toString);
        assertTrue(first.out().contains("nothing to compare with"), first::toString);
        assertNull(runs(config, DAY1).get("partner").changes());

        // a day of ordinary use: a few clients leave, some arrive, some change
        db.execute("DELETE FROM client WHERE id IN (3, 4, 5, 6, 7)",
                "INSERT INTO client VALUES (5001, 1, 'new'), (5002, 2, 'new')",
                "UPDATE client SET note = 'changed' WHERE id BETWEEN 100 AND 119");
        Cli.Result churn = snapshot(config, DAY2);
        assertEquals(0, churn.exit(), churn::toString);
        assertEquals("", churn.err().strip(), "quiet: " + churn);
        assertTrue(churn.out().contains("vanished since " + DAY1 + ": client 5"), churn::toString);
        RunRecord.Changes c = runs(config, DAY2).get("client").changes();
        assertEquals(new RunRecord.Changes(DAY1, 5, 2, 20), c);
        assertEquals(new RunRecord.Changes(DAY1, 0, 0, 0), runs(config, DAY2).get("partner").changes());
        assertFalse(Files.exists(alert), "no notification for ordinary churn");

        // the incident: 300 partners deleted with their clients
        db.execute("DELETE FROM client WHERE partner_id BETWEEN 201 AND 500", "DELETE FROM partner WHERE id BETWEEN 201 AND 500");
        Cli.Result incident = snapshot(config, DAY3);
        assertEquals(3, incident.exit(), incident::toString);
        assertTrue(incident.err().contains("partner: 300 of 1,000 rows vanished"), incident::toString);
        assertFalse(incident.err().contains("client:"), "client's own limits (1000, half) hold 600 of 2,000: " + incident);
        assertTrue(incident.out().contains("vanished since " + DAY2 + ": client 600, partner 300"), incident::toString);
        assertEquals(300, runs(config, DAY3).get("partner").changes().vanished());
        assertEquals(600, runs(config, DAY3).get("client").changes().vanished());

        assertTrue(Files.exists(alert), "the notify command ran");
        String text = Files.readString(alert);
        assertTrue(text.contains("source 'src'") && text.contains(DAY2 + " and " + DAY3), text);
        assertTrue(text.contains("partner: 300 of 1,000 rows vanished"), text);
        assertTrue(text.contains("rowback reconcile --config " + config + " --source src --from " + DAY2 + " --to " + DAY3 + " --root partner"), text);
    }
}

package io.rowback.jobs.reconcile;

import io.rowback.jobs.testing.Cli;
import io.rowback.jobs.testing.Configs;
import io.rowback.jobs.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schema changes between the two dates and the restore goes into the schema of today: a column
 * added NOT NULL without a default holds its table's rows back (and the rows that need them), a
 * dropped or renamed column is named with the rows whose values cannot go back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SchemaDriftIT {
    static final LocalDate D1 = LocalDate.of(2026, 5, 1);
    static final LocalDate D2 = LocalDate.of(2026, 5, 2);

    TestDatabase db;
    Path dir;
    Path config;

    abstract TestDatabase database();

    /** client(id, name), note(id, client_id -> client, body), place(id, name, code). */
    abstract String[] schema();

    /** client gets tier NOT NULL without default; place drops code and renames name to label. */
    abstract String[] drift();

    @BeforeAll
    void story() throws Exception {
        db = database();
        db.execute(schema());
        db.execute("INSERT INTO client (id, name) VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cid')",
                "INSERT INTO note (id, client_id, body) VALUES (10, 1, 'a'), (11, 1, 'b'), (12, 2, 'c')",
                "INSERT INTO place (id, name, code) VALUES (1, 'Eupen', 'EU'), (2, 'Raeren', NULL), (3, 'Kettenis', 'KE')");
        dir = Files.createTempDirectory("drift");
        config = Configs.write(dir, db, "");
        assertEquals(0, Cli.run("snapshot", "--config", config.toString(), "--date", D1.toString()).exit());
        db.execute("DELETE FROM note WHERE client_id = 1", "DELETE FROM client WHERE id = 1", "DELETE FROM place WHERE id IN (1, 2)");
        db.execute(drift());
        assertEquals(0, Cli.run("snapshot", "--config", config.toString(), "--date", D2.toString()).exit());
    }

    @AfterAll
    void drop() throws Exception {
        db.close();
    }

    Cli.Result reconcile(String root, Path out) {
        return Cli.run("reconcile", "--config", config.toString(), "--from", D1.toString(), "--to", D2.toString(), "--root", root,
                "--out", out.toString(), "--allow-drop");
    }

    @Test
    void aColumnAddedNotNullWithoutDefaultHoldsTheRowsBack() throws Exception {
        Path out = dir.resolve("client");
        Cli.Result r = reconcile("client", out);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("client.tier") && r.out().contains("held back"), r::toString);
        String script = Files.readString(out.resolve("restore.sql"));
        assertTrue(script.contains("client.tier") && script.contains("give the column a DEFAULT"), "the header says what and how to fix");
        assertTrue(!script.contains("INSERT INTO"), "no insert of the client nor of its notes:\n" + script);
        Cli.Result apply = Cli.run("apply", "--config", config.toString(), "--script", out.resolve("restore.sql").toString(), "--commit");
        assertEquals(0, apply.exit(), apply::toString);
        assertEquals(2, db.count("client"));
        assertEquals(1, db.count("note"));
    }

    @Test
    void aDroppedOrRenamedColumnIsNamedWithTheRowsThatHadAValue() throws Exception {
        Path out = dir.resolve("place");
        Cli.Result r = reconcile("place", out);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("place.code") && r.out().contains("1 of the rows to restore had a value there"), r::toString);
        assertTrue(r.out().contains("place.name") && r.out().contains("renamed to label?") && r.out().contains("2 of the rows"), r::toString);
        String script = Files.readString(out.resolve("restore.sql"));
        assertTrue(script.contains("place.code") && script.contains("place.name"), "the header names both");
        Cli.Result apply = Cli.run("apply", "--config", config.toString(), "--script", out.resolve("restore.sql").toString(), "--commit");
        assertEquals(0, apply.exit(), apply::toString);
        assertEquals(3, db.count("place"), "the rows are back, in the columns that exist now");
    }
}

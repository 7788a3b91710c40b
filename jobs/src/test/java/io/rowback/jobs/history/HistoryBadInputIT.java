package io.rowback.jobs.history;

import io.rowback.jobs.testing.Cli;
import io.rowback.jobs.testing.Configs;
import io.rowback.jobs.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * trace and diff on bad input: unknown table, column or key, a key of the wrong type, a date range
 * without snapshots (one clear line, exit 2), and a table that did not exist on some dates (said,
 * not failed).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryBadInputIT {
    TestDatabase db;
    Path config;

    @BeforeAll
    void history() throws Exception {
        db = TestDatabase.mariadb();
        Path dir = Files.createTempDirectory("history-bad");
        db.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name VARCHAR(20))", "INSERT INTO item VALUES (1, 'a'), (2, 'b')");
        config = Configs.write(dir, db, null);
        snapshot("2026-06-01");
        db.execute("CREATE TABLE later (id INTEGER PRIMARY KEY, what VARCHAR(20))", "INSERT INTO later VALUES (1, 'x')",
                "UPDATE item SET name = 'b2' WHERE id = 2");
        snapshot("2026-06-02");
        db.execute("INSERT INTO later VALUES (2, 'y')");
        snapshot("2026-06-03");
    }

    @AfterAll
    void drop() throws Exception {
        db.close();
    }

    void snapshot(String date) {
        assertEquals(0, Cli.run("snapshot", "--config", config.toString(), "--date", date).exit());
    }

    @Test
    void traceRefusesWhatDoesNotExist() {
        Cli.assertRefused(Cli.run("trace", "--config", config.toString(), "--table", "nope", "--key", "1"), "no table 'nope'");
        Cli.assertRefused(Cli.run("trace", "--config", config.toString(), "--table", "item", "--column", "colour", "--value", "red"),
                "table 'item' has no column 'colour'", "id, name");
        Cli.assertRefused(Cli.run("trace", "--config", config.toString(), "--table", "item", "--key", "99"), "no row of item id = 99", "check the key");
        Cli.assertRefused(Cli.run("trace", "--config", config.toString(), "--table", "item", "--key", "abc"), "'abc' is not a value of item.id");
        Cli.assertRefused(Cli.run("trace", "--config", config.toString(), "--table", "item", "--key", "1", "--from", "2027-01-01"),
                "no snapshot of 'src' between 2027-01-01", "from 2026-06-01 to 2026-06-03");
        Cli.assertRefused(Cli.run("trace", "--config", config.toString(), "--table", "item"), "trace needs either --key");
    }

    @Test
    void traceSaysWhenTheTableDidNotExist() {
        Cli.Result r = Cli.run("trace", "--config", config.toString(), "--table", "later", "--key", "1");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("2026-06-01  (the table did not exist on this date)"), r::toString);
        assertTrue(r.out().contains("2026-06-02  first seen: id = 1, what = 'x'"), r::toString);
        Cli.Result v = Cli.run("trace", "--config", config.toString(), "--table", "later", "--column", "what", "--value", "y");
        assertTrue(v.out().lines().anyMatch(l -> l.matches("\\s*2026-06-01\\s+\\(the table did not exist\\)")), v::toString);
        assertTrue(v.out().lines().anyMatch(l -> l.matches("\\s*2026-06-03\\s+held by id = 2")), v::toString);
    }

    @Test
    void diffRefusesAndSaysWhatItCompares() {
        Cli.assertRefused(Cli.run("diff", "--config", config.toString(), "--from", "2026-06-03", "--to", "2026-06-01"), "is not before");
        Cli.assertRefused(Cli.run("diff", "--config", config.toString(), "--from", "2026-05-01", "--to", "2026-06-01"), "has no snapshot of that date");
        Cli.assertRefused(Cli.run("diff", "--config", config.toString(), "--from", "2026-06-01", "--to", "2026-06-02", "--table", "nope"), "no table 'nope'");
        Cli.assertRefused(Cli.run("diff", "--config", config.toString(), "--from", "2026-06-01", "--to", "2026-06-02", "--show", "3"), "--show needs --table");
        Cli.Result r = Cli.run("diff", "--config", config.toString(), "--from", "2026-06-01", "--to", "2026-06-03");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("item\\s+0\\s+0\\s+1\\s*")), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("later\\s+2\\s+0\\s+0\\s+new on 2026-06-03")), r::toString);
    }
}

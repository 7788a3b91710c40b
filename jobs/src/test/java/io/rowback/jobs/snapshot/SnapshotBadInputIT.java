package io.rowback.jobs.snapshot;

import io.rowback.jobs.testing.Cli;
import io.rowback.jobs.testing.Configs;
import io.rowback.jobs.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input to the snapshot command: one clear line on stderr (what, where, how to fix), exit
 * status 2, the password nowhere, and nothing written to the warehouse.
 */
class SnapshotBadInputIT {
    static TestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void database() throws Exception {
        db = TestDatabase.mariadb();
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)", "INSERT INTO t VALUES (1)");
    }

    @AfterAll
    static void drop() throws Exception {
        db.close();
    }

    Path write(String yaml) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    String goodSource() {
        return "    url: \"" + db.url() + "\"\n    user: root\n    password: \"\"\n";
    }

    Cli.Result assertBadInput(Path config, String... extra) throws Exception {
        String[] args = Stream.concat(Stream.of("snapshot", "--config", config.toString()), Stream.of(extra)).toArray(String[]::new);
        Cli.Result r = Cli.run(args);
        Cli.assertRefused(r, "rowback: ");
        assertTrue(r.err().startsWith("rowback: "), r::toString);
        Path warehouse = dir.resolve("warehouse");
        if (Files.exists(warehouse)) {
            try (Stream<Path> files = Files.walk(warehouse)) {
                assertFalse(files.anyMatch(p -> p.toString().contains("_delta_log")), "nothing written to " + warehouse);
            }
        }
        return r;
    }

    @Test
    void unreachableDatabaseIsReportedWithinSeconds() throws Exception {
        for (String url : new String[]{"jdbc:mariadb://127.0.0.1:1/nothing", "jdbc:postgresql://127.0.0.1:1/nothing"}) {
            Path config = write("warehouse: " + dir.resolve("warehouse") + "\nsources:\n  src:\n    url: \"" + url + "\"\n    user: root\n");
            long t0 = System.nanoTime();
            Cli.Result r = assertBadInput(config);
            assertTrue((System.nanoTime() - t0) / 1e9 < 30, "within 30 s");
            assertTrue(r.err().contains("cannot reach the database at " + url), r::toString);
        }
    }

    @Test
    void wrongPasswordIsRefusedWithoutShowingIt() throws Exception {
        String user = "rb_" + db.name().substring(7);
        db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'the-right-one'", "GRANT SELECT ON " + db.name() + ".* TO '" + user + "'@'%'");
        try {
            Path config = write("warehouse: " + dir.resolve("warehouse") + "\nsources:\n  src:\n    url: \"" + db.url()
                    + "?password=also-secret\"\n    user: " + user + "\n    password: s3cr3t-wr0ng\n");
            Cli.Result r = assertBadInput(config);
            assertTrue(r.err().contains("refused user '" + user + "'"), r::toString);
            assertFalse(r.toString().contains("s3cr3t-wr0ng"), "the password must not be shown: " + r);
            assertFalse(r.toString().contains("also-secret"), "nor one in the URL: " + r);
        } finally {
            db.execute("DROP USER '" + user + "'@'%'");
        }
    }

    @Test
    void unknownSourceNamesTheKnownOnes() throws Exception {
        Cli.Result r = assertBadInput(Configs.write(dir, db, null), "--source", "nope");
        assertTrue(r.err().contains("unknown source 'nope'") && r.err().contains("src"), r::toString);
    }

    @Test
    void unknownConfigurationKeyIsNamedWithTheFile() throws Exception {
        Path config = write("warehouse: " + dir.resolve("warehouse") + "\nsources:\n  src:\n" + goodSource() + "    tabels: {include: ['*']}\n");
        Cli.Result r = assertBadInput(config);
        assertTrue(r.err().contains("unknown key 'sources.src.tabels'") && r.err().contains(config.toString()), r::toString);
    }

    @Test
    void includePatternThatMatchesNothingIsAnError() throws Exception {
        Path config = write("warehouse: " + dir.resolve("warehouse") + "\nsources:\n  src:\n" + goodSource()
                + "    tables:\n      include: [\"t\", \"nosuch*\"]\n");
        Cli.Result r = assertBadInput(config);
        assertTrue(r.err().contains("'nosuch*'") && r.err().contains("matches no table"), r::toString);
    }

    @Test
    void invalidDateIsRefused() throws Exception {
        for (String date : new String[]{"2026-02-30", "yesterday", "2026-1-5"}) {
            Cli.Result r = assertBadInput(Configs.write(dir, db, null), "--date", date);
            assertTrue(r.err().contains("invalid date '" + date + "'"), r::toString);
        }
    }

    @Test
    void warehouseThatCannotBeWrittenIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
        Path config = write("warehouse: " + notADirectory.resolve("warehouse") + "\nsources:\n  src:\n" + goodSource());
        Cli.Result r = assertBadInput(config);
        assertTrue(r.err().contains("is not writable"), r::toString);
    }

    @Test
    void missingConfigurationFileIsNamed() throws Exception {
        Cli.Result r = assertBadInput(dir.resolve("nowhere.yaml"));
        assertTrue(r.err().contains("nowhere.yaml does not exist"), r::toString);
    }

    @Test
    void unknownOptionPointsToHelp() throws Exception {
        Cli.Result r = assertBadInput(Configs.write(dir, db, null), "--dat", "2026-01-01");
        assertTrue(r.err().contains("--help"), r::toString);
    }
}

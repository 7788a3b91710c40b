package io.rowback.jobs.demo;

import io.rowback.jobs.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo, as a user runs it: the whole story on the embedded database, with nothing set up. */
class DemoIT {
    @TempDir
    Path dir;

    @Test
    void tellsTheWholeStory() throws Exception {
        Path home = dir.resolve("demo");
        Cli.Result r = Cli.run("demo", "--dir", home.toString());
        assertEquals(0, r.exit(), r::toString);
        String out = r.out();
        assertTrue(out.contains("2015-06-05: 15 tables"), out);
        assertTrue(out.contains("2015-06-12: 15 tables"), out);
        assertTrue(out.contains("0 failed"), out);
        String gone = out.substring(out.indexOf("Partners of 2015-06-05 that are gone"));
        for (int id : DemoJob.VANISHED) {
            assertTrue(gone.lines().anyMatch(l -> l.matches("\\s*" + id + " \\|.*")), "partner " + id + " listed as gone:\n" + gone);
        }
        assertTrue(out.contains("(6 rows)"), out);
        assertTrue(out.matches("(?s).*100014 014-14 \\| 2015-06-12\\s+\\|\\s+100014 .*"), "the re-created client holds the old national id: " + out);
        assertTrue(Files.exists(home.resolve("rowback.yaml")));
        assertTrue(out.contains("pcsw_client person_ptr_id = 100014 -> person_ptr_id = 14"), "the remap is in the script's header: " + out);
        assertTrue(out.contains("dry run: 47 statements, 0 would fail"), out);
        assertTrue(out.contains("committed: 47 statements, 47 rows changed"), out);
        String missing = out.substring(out.indexOf("still missing on 2015-06-13"));
        missing = missing.substring(0, missing.indexOf("row)") + 4);
        assertTrue(missing.contains("38 | Janssens Søren") && missing.contains("(1 row)"), "only the conflict's partner is missing: " + missing);
        assertTrue(out.matches("(?s).*2015-06-13\\s+\\|\\s+9000000 \\|\\s+14 \\| eID card read again.*"),
                "the re-created client's note now belongs to the original: " + out);
        assertTrue(Files.exists(home.resolve("restore/undo.sql")) && Files.exists(home.resolve("restore/report.md")));

        Cli.Result again = Cli.run("demo", "--dir", home.toString());
        assertEquals(0, again.exit(), "a second run replaces the demo folder: " + again);
    }

    @Test
    void refusesAFolderThatIsNotADemo() throws Exception {
        Files.writeString(dir.resolve("precious.txt"), "keep me");
        Cli.Result r = Cli.run("demo", "--dir", dir.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(Files.exists(dir.resolve("precious.txt")));
    }
}

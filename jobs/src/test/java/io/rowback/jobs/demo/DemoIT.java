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

package io.rowback.jobs.testing;

import io.rowback.jobs.RowbackJob;
import io.rowback.jobs.cli.Console;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs a rowback command in this JVM, as scripts/rowback would, and keeps what it printed. */
public final class Cli {
    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    public static Result run(String... args) {
        SparkExtension.spark();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = RowbackJob.run(new RowbackJob(), new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)), args);
        Result r = new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        if (System.getenv("ROWBACK_TEST_ECHO") != null) {
            System.out.println("rowback " + String.join(" ", args) + "\n" + r);
        }
        return r;
    }

    /** Bad input: exit status 2 and one line on stderr holding every fragment. */
    public static void assertRefused(Result r, String... fragments) {
        assertEquals(2, r.exit(), r::toString);
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "'" + f + "' in: " + r.err());
        }
    }
}

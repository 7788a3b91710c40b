package io.rowback.dist;

import io.rowback.jobs.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** rowback shell through the launcher: statements on stdin, and keys typed at a pseudo-terminal. */
abstract class ShellIT {
    @TempDir
    Path dir;
    TestDatabase db;
    Path config;

    abstract TestDatabase database();

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("ROWBACK_HISTORY", dir.resolve("history").toString());
        env.put("SPARK_HOME", "");
        return env;
    }

    List<String> launcher(String... args) {
        List<String> c = new java.util.ArrayList<>();
        c.add(Dist.projectRoot().resolve("scripts/rowback").toString());
        c.addAll(List.of(args));
        return c;
    }

    @BeforeEach
    void history() throws Exception {
        db = database();
        db.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL, note VARCHAR(50))",
                "INSERT INTO customer VALUES (1, 'a@example.org', 'first'), (2, 'b@example.org', NULL), (3, 'c;d@example.org', 'third')");
        config = dir.resolve("rowback.yaml");
        Files.writeString(config, "warehouse: " + dir.resolve("warehouse") + "\nsources:\n  src:\n" + db.sourceYaml());
        Dist.Run snap = Dist.run(launcher("snapshot", "--config", config.toString(), "--date", "2026-01-01"), env(), dir, 600);
        assertEquals(0, snap.exit(), snap::toString);
    }

    @AfterEach
    void drop() throws Exception {
        db.close();
    }

    @Test
    void readsStatementsFromStdin() throws Exception {
        Path script = dir.resolve("questions.sql");
        Files.writeString(script, String.join("\n",
                "-- what the history holds",
                "\\tables",
                "SELECT id, email",
                "  FROM customer",
                " WHERE snapshot_date = DATE'2026-01-01' ORDER BY id;",
                "SELECT missing_column FROM customer;",
                "\\format csv",
                "SELECT count(*) AS n FROM customer; SELECT 'x;y' AS s;",
                "\\d customer",
                "\\dates",
                "\\format yaml",
                "SELECT max(id) AS top FROM customer", ""));
        List<String> cmd = new java.util.ArrayList<>(List.of("/bin/sh", "-c", "exec \"$0\" \"$@\" < " + script));
        cmd.addAll(launcher("shell", "--config", config.toString()));
        Dist.Run r = Dist.run(cmd, env(), dir, 600);
        assertEquals(1, r.exit(), "a statement failed: " + r);
        String out = r.out();
        assertTrue(out.contains("table\n---------------\ncustomer\nrowback_catalog\nrowback_runs\n(3 rows)\n"), r::toString);
        assertTrue(out.contains("id | email\n---+----------------\n 1 | a@example.org\n 2 | b@example.org\n 3 | c;d@example.org\n(3 rows)\n"), r::toString);
        assertTrue(out.contains("format csv\nn\n3\ns\nx;y\n"), r::toString);
        assertTrue(out.contains("column        | type   | nullable\n"), r::toString);
        assertTrue(out.contains("email         | string |"), r::toString);
        assertTrue(out.contains("snapshot_date,tables,failed,rows\n2026-01-01,1,0,3\n"), r::toString);
        assertTrue(out.strip().endsWith("top\n3"), "a statement at the end of the input without ';' runs: " + r);
        List<String> errors = r.err().strip().lines().filter(l -> l.startsWith("rowback: ")).toList();
        assertEquals(2, errors.size(), r::toString);
        assertTrue(errors.get(0).contains("missing_column"), r::toString);
        assertTrue(errors.get(1).contains("\\format 'yaml'"), r::toString);
    }

    /** The shell at a pseudo-terminal (script(1) makes it), sized as a person's window is. */
    Process atTerminal() throws IOException {
        StringBuilder cmd = new StringBuilder("stty cols 120 rows 40; exec");
        for (String a : launcher("shell", "--config", config.toString())) {
            cmd.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", cmd.toString(), "/dev/null").directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env());
        pb.environment().put("TERM", "xterm");
        return pb.start();
    }

    static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** A person at a terminal: a statement over two lines, the commands, an error, a typo fixed, the history recalled, \q. */
    @Test
    void answersAPersonAtATerminal() throws Exception {
        Process p = atTerminal();
        Screen screen = new Screen(p.getInputStream());
        try (OutputStream keys = p.getOutputStream()) {
            screen.awaitPrompt(300);
            type(keys, "SELECT id, email FROM customer\r");
            screen.await(s -> s.contains("-> "), 30, "the continuation prompt");
            type(keys, "WHERE snapshot_date = DATE'2026-01-01' AND id < 3 ORDER BY id;\r");
            screen.await(s -> s.contains("(2 rows)"), 120, "the rows");
            assertTrue(screen.text().contains(" 1 | a@example.org\n 2 | b@example.org\n(2 rows)"), screen::text);

            screen.awaitPrompt(30);
            type(keys, "\\tables\r");
            screen.await(s -> s.contains("customer\nrowback_catalog\nrowback_runs\n(3 rows)"), 60, "the tables");
            screen.awaitPrompt(30);
            type(keys, "\\d customer\r");
            screen.await(s -> s.contains("email         | string |"), 60, "the columns");

            screen.awaitPrompt(30);
            type(keys, "SELECT nope FROM customer;\r");
            screen.await(s -> s.contains("rowback: the statement does not run"), 120, "the error");
            screen.awaitPrompt(30);
            assertTrue(screen.text().lastIndexOf("rowback> ") > screen.text().indexOf("does not run"), "the session goes on: " + screen.text());

            // a typo, fixed with backspace before Enter
            type(keys, "SELECT 41 + 1 AS answex");
            type(keys, "\u007fr;\r");
            screen.await(s -> Screen.count(s, "(1 row)") == 1, 120, "the answer");
            assertTrue(screen.text().contains("answer\n------\n    42\n(1 row)"), screen::text);
            // the previous statement again, from the history: the up arrow as this terminal's keypad mode sends it
            screen.awaitPrompt(30);
            type(keys, screen.upArrow());
            screen.await(s -> s.lastIndexOf("rowback> SELECT 41 + 1 AS answer;") > s.lastIndexOf("(1 row)"), 30, "the recalled statement");
            type(keys, "\r");
            screen.await(s -> Screen.count(s, "(1 row)") == 2, 120, "the answer again");

            screen.awaitPrompt(30);
            type(keys, "\\format csv\r");
            screen.await(s -> s.contains("format csv"), 30, "the format");
            screen.awaitPrompt(30);
            type(keys, "\\dates\r");
            screen.await(s -> s.contains("snapshot_date,tables,failed,rows\n2026-01-01,1,0,3\n"), 120, "the dates as csv");
            screen.awaitPrompt(30);
            type(keys, "\\q\r");
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "shell ended on \\q: " + screen.text());
        } finally {
            stop(p);
        }
        assertEquals(0, p.exitValue(), screen::text);
        assertEquals(1, Screen.count(screen.text(), "rowback: "), "one error, and the session went on: " + screen.text());
        String history = Files.readString(dir.resolve("history"));
        assertTrue(history.contains("SELECT 41 + 1 AS answer;"), history);
        assertTrue(history.contains("SELECT id, email FROM customer"), history);
    }

    /** Ctrl-D at an empty prompt ends the session as \q does; the next session recalls the previous one's statements. */
    @Test
    void endsOnEndOfInputAndKeepsTheHistoryForTheNextSession() throws Exception {
        Process first = atTerminal();
        Screen one = new Screen(first.getInputStream());
        try (OutputStream keys = first.getOutputStream()) {
            one.awaitPrompt(300);
            type(keys, "SELECT max(id) AS top FROM customer;\r");
            one.await(s -> s.contains("top\n---\n  3\n(1 row)"), 120, "the answer");
            one.awaitPrompt(30);
            type(keys, "\u0004");
            assertTrue(first.waitFor(60, TimeUnit.SECONDS), "shell ended on Ctrl-D: " + one.text());
        } finally {
            stop(first);
        }
        assertEquals(0, first.exitValue(), one::text);

        Process second = atTerminal();
        Screen two = new Screen(second.getInputStream());
        try (OutputStream keys = second.getOutputStream()) {
            two.awaitPrompt(300);
            type(keys, two.upArrow());
            two.await(s -> s.contains("rowback> SELECT max(id) AS top FROM customer;"), 30, "the statement of the previous session");
            type(keys, "\r");
            two.await(s -> s.contains("(1 row)"), 120, "its answer");
            two.awaitPrompt(30);
            type(keys, "\u0004");
            assertTrue(second.waitFor(60, TimeUnit.SECONDS), "shell ended on Ctrl-D: " + two.text());
        } finally {
            stop(second);
        }
        assertEquals(0, second.exitValue(), two::text);
    }

    private static void type(OutputStream keys, String s) throws IOException {
        keys.write(s.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /** What the terminal shows, without its escape sequences. */
    static final class Screen {
        static final String APPLICATION_CURSOR = "\u001b[?1h";
        static final String NORMAL_CURSOR = "\u001b[?1l";
        private final StringBuffer raw = new StringBuffer();

        Screen(InputStream in) {
            Thread t = new Thread(() -> {
                byte[] b = new byte[4096];
                try {
                    for (int n; (n = in.read(b)) > 0; ) {
                        raw.append(new String(b, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            t.setDaemon(true);
            t.start();
        }

        String text() {
            return raw.toString().replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "").replaceAll("\u001b[=>]", "")
                    .replaceAll("\u001b\\][^\u0007]*\u0007", "").replace("\r\n", "\n").replace("\r", "");
        }

        int count(String what) {
            return count(text(), what);
        }

        static int count(String s, String what) {
            int n = 0;
            for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
                n++;
            }
            return n;
        }

        /** The prompt is the last thing shown: the line editor waits for keys (JLine shows it once the terminal is raw). */
        void awaitPrompt(long seconds) throws InterruptedException {
            await(s -> s.endsWith("rowback> "), seconds, "the prompt");
        }

        /** What the up arrow sends: ESC O A when the program put the terminal into application cursor mode, else ESC [ A. */
        String upArrow() {
            String r = raw.toString();
            return r.lastIndexOf(APPLICATION_CURSOR) > r.lastIndexOf(NORMAL_CURSOR) ? "\u001bOA" : "\u001b[A";
        }

        void await(Predicate<String> shown, long seconds, String what) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!shown.test(text())) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("the terminal does not show " + what + " after " + seconds + " s:\n" + text());
                }
                Thread.sleep(100);
            }
        }
    }
}

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


    private static void type(OutputStream keys, String s) throws IOException {
        keys.write(s.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /** What the terminal shows, without its escape sequences. */
    static final class Screen {
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

package io.rowback.jobs.history;

import io.rowback.jobs.testing.Cli;
import io.rowback.jobs.testing.Configs;
import io.rowback.jobs.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Source names Delta cannot take as they are (spaces and ` ,;{}()=`, a tab, names equal ignoring
 * case, a column named snapshot_date) go through snapshot, sql, and a reconcile and apply that put
 * every deleted row back under its own names.
 */
abstract class NamesIT {
    @TempDir
    Path dir;
    TestDatabase db;

    abstract TestDatabase database();

    /** The columns of "order lines" in the database, in order. */
    abstract List<String> orderLineColumns();

    @AfterEach
    void drop() throws Exception {
        db.close();
    }

    @Test
    void awkwardNamesSurviveSnapshotSqlAndRestore() throws Exception {
        db = database();
        db.runResource("/ddl/" + db.kind() + "/names.sql");
        Path config = Configs.write(dir, db, null);
        List<String> tables = List.of("order lines", "T", "t");
        List<String> before = rows(tables);

        Cli.Result s1 = Cli.run("snapshot", "--config", config.toString(), "--date", "2026-04-01");
        assertEquals(0, s1.exit(), s1::toString);

        String dateColumn = orderLineColumns().stream().filter(c -> c.equalsIgnoreCase("snapshot_date")).findFirst().orElseThrow();
        String shownAs = dateColumn.replace("_", "%5F");
        Cli.Result q = Cli.run("sql", "--config", config.toString(), "--format", "csv",
                "SELECT id, `unit price`, `a,b;c{d}(e)=f`, `" + shownAs + "` FROM `order lines` WHERE snapshot_date = '2026-04-01' ORDER BY id");
        assertEquals(0, q.exit(), q::toString);
        assertEquals("id,unit price,\"a,b;c{d}(e)=f\"," + shownAs + "\n1,9.99,punct,2015-06-05\n2,0.50,,\n", q.out().replace("\r", ""), q::toString);
        assertTrue(q.err().contains("is shown as `" + shownAs + "`"), q::toString);

        Cli.Result upper = Cli.run("sql", "--config", config.toString(), "--format", "csv",
                "SELECT label FROM T UNION ALL SELECT label FROM t ORDER BY label");
        assertEquals(0, upper.exit(), upper::toString);
        assertEquals("label\nlower five\nlower one\nupper one\nupper two\n", upper.out().replace("\r", ""), upper::toString);
        Cli.Result onlyUpper = Cli.run("sql", "--config", config.toString(), "--format", "csv", "SELECT label FROM T ORDER BY label");
        assertEquals("label\nupper one\nupper two\n", onlyUpper.out().replace("\r", ""), onlyUpper::toString);
        assertTrue(onlyUpper.err().contains("tables T and t differ only in case"), onlyUpper::toString);

        db.execute("DELETE FROM " + db.quote("order lines"), "DELETE FROM " + db.quote("t"), "DELETE FROM " + db.quote("T"));
        Cli.Result s2 = Cli.run("snapshot", "--config", config.toString(), "--date", "2026-04-02");
        assertEquals(0, s2.exit(), s2::toString);
        Cli.Result r = Cli.run("reconcile", "--config", config.toString(), "--from", "2026-04-01", "--to", "2026-04-02",
                "--out", dir.resolve("out").toString(), "--allow-drop", "--root", "order lines", "T", "t");
        assertEquals(0, r.exit(), r::toString);
        Cli.Result apply = Cli.run("apply", "--config", config.toString(), "--script", dir.resolve("out/restore.sql").toString(), "--commit");
        assertEquals(0, apply.exit(), apply::toString);
        String script = java.nio.file.Files.readString(dir.resolve("out/restore.sql"));
        assertEquals(before, rows(tables), () -> "every row back under its own column names; " + script);
    }

    /** Every row of the tables, every column by its name, as the database's text. */
    List<String> rows(List<String> tables) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + db.quote(t))) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder line = new StringBuilder(t);
                        for (int i = 1; i <= n; i++) {
                            line.append(" | ").append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i));
                        }
                        out.add(line.toString());
                    }
                }
            }
        }
        Collections.sort(out);
        return out;
    }
}

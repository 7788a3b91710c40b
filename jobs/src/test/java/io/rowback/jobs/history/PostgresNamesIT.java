package io.rowback.jobs.history;

import io.rowback.jobs.testing.TestDatabase;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostgresNamesIT extends NamesIT {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }

    @Override
    List<String> orderLineColumns() {
        return List.of("id", "unit price", "a,b;c{d}(e)=f", "ID2", "id2", "snapshot_date", "Tab\tName");
    }

    @Test
    void columnsThatDifferOnlyInCaseAreTwo() throws Exception {
        db = database();
        db.runResource("/ddl/postgresql/names.sql");
        java.nio.file.Path config = io.rowback.jobs.testing.Configs.write(dir, db, null);
        assertEquals(0, io.rowback.jobs.testing.Cli.run("snapshot", "--config", config.toString(), "--date", "2026-04-01").exit());
        io.rowback.jobs.testing.Cli.Result q = io.rowback.jobs.testing.Cli.run("sql", "--config", config.toString(), "--format", "csv",
                "SELECT ID2, id2 FROM `order lines` ORDER BY id");
        assertEquals(0, q.exit(), q::toString);
        assertEquals("ID2,id2\n10,20\n11,21\n", q.out().replace("\r", ""), q::toString);
        assertTrue(q.err().contains("columns that differ only in case"), q::toString);
    }
}

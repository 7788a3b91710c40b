package io.rowback.jobs.nightly;

import io.rowback.jobs.testing.Cli;
import io.rowback.jobs.testing.TestDatabase;

import java.nio.file.Files;
import java.sql.SQLException;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class PostgresConsistencyIT extends ConsistencyIT {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }

    @Override
    void analyze() throws SQLException {
        db.execute("ANALYZE parent", "ANALYZE child", "ANALYZE filler");
    }

    @Override
    String positionPattern() {
        return "[0-9A-F]+/[0-9A-F]+";
    }

    @Override
    void checkLockFree(Cli.Result r, LocalDate date) {
        assertEquals(2, r.exit(), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
        assertEquals("source 'src' is PostgreSQL: snapshot.consistency 'lock-free' is for MariaDB/MySQL only (it compares binlog positions);"
                + " set snapshot.consistency to auto or consistent, which on PostgreSQL share one exported snapshot and take no lock",
                r.err().strip().replaceFirst("^rowback: ", ""), r::toString);
        assertFalse(Files.exists(java.nio.file.Path.of(layout().runsPath())), "nothing written");
        assertFalse(Files.exists(java.nio.file.Path.of(layout().catalogPath())), "nothing written");
    }
}

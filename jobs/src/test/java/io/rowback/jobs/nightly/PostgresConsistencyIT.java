package io.rowback.jobs.nightly;

import io.rowback.jobs.testing.TestDatabase;

import java.sql.SQLException;

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
}

package io.rowback.jobs.nightly;

import io.rowback.jobs.testing.TestDatabase;

import java.sql.SQLException;

class MariaDbConsistencyIT extends ConsistencyIT {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }

    @Override
    void analyze() throws SQLException {
        db.execute("ANALYZE TABLE parent, child, filler");
    }

    @Override
    String positionPattern() {
        return null; // the test server runs without a binlog (log_bin OFF): there is no position to record
    }
}

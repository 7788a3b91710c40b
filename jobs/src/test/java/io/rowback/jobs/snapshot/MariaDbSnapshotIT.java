package io.rowback.jobs.snapshot;

import io.rowback.jobs.testing.TestDatabase;

class MariaDbSnapshotIT extends SnapshotIT {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }
}

package io.rowback.jobs.snapshot;

import io.rowback.jobs.testing.TestDatabase;

class PostgresSnapshotIT extends SnapshotIT {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}

package io.rowback.jobs.reconcile;

import io.rowback.jobs.testing.TestDatabase;

class PostgresIncidentIT extends IncidentIT {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}

package io.rowback.jobs.reconcile;

import io.rowback.jobs.testing.TestDatabase;

class MariaDbIncidentIT extends IncidentIT {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }
}

package io.rowback.jobs.references;

import io.rowback.jobs.testing.TestDatabase;

class MariaDbSakilaReferencesIT extends SakilaReferencesIT {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }
}

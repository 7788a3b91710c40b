package io.rowback.jobs.nightly;

import io.rowback.jobs.testing.TestDatabase;

class MariaDbNightlyIT extends NightlyIT {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }
}

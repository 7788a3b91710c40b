package io.rowback.jobs.references;

import io.rowback.jobs.testing.TestDatabase;

class MariaDbInitIT extends InitIT {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }
}

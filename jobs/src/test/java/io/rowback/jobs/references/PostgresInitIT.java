package io.rowback.jobs.references;

import io.rowback.jobs.testing.TestDatabase;

class PostgresInitIT extends InitIT {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}

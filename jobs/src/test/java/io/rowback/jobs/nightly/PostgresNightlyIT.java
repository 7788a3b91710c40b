package io.rowback.jobs.nightly;

import io.rowback.jobs.testing.TestDatabase;

class PostgresNightlyIT extends NightlyIT {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}

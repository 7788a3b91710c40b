package io.rowback.dist;

import io.rowback.jobs.testing.TestDatabase;

class PostgresAllJarIT extends AllJarIT {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}

package io.rowback.dist;

import io.rowback.jobs.testing.TestDatabase;

class MariaDbAllJarIT extends AllJarIT {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }
}

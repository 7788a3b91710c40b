package io.rowback.dist;

import io.rowback.jobs.testing.TestDatabase;

class PostgresLauncherSparkHomeIT extends LauncherSparkHomeIT {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}

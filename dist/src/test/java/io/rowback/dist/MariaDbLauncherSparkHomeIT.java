package io.rowback.dist;

import io.rowback.jobs.testing.TestDatabase;

class MariaDbLauncherSparkHomeIT extends LauncherSparkHomeIT {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }
}

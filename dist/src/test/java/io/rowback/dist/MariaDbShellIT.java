package io.rowback.dist;

import io.rowback.jobs.testing.TestDatabase;

class MariaDbShellIT extends ShellIT {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }
}

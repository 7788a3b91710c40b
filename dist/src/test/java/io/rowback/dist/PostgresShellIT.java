package io.rowback.dist;

import io.rowback.jobs.testing.TestDatabase;

class PostgresShellIT extends ShellIT {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}

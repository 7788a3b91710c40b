package io.rowback.jobs.references;

import io.rowback.jobs.testing.TestDatabase;

class PostgresSakilaReferencesIT extends SakilaReferencesIT {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}

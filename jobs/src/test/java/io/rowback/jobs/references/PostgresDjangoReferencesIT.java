package io.rowback.jobs.references;

import io.rowback.jobs.testing.TestDatabase;

class PostgresDjangoReferencesIT extends DjangoReferencesIT {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}

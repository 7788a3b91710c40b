package io.rowback.jobs.references;

import io.rowback.jobs.testing.TestDatabase;

class MariaDbDjangoReferencesIT extends DjangoReferencesIT {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }
}

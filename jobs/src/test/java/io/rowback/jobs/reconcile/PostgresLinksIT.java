package io.rowback.jobs.reconcile;

import io.rowback.jobs.testing.TestDatabase;

class PostgresLinksIT extends LinksIT {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }

    @Override
    String deleteTwoLogCopies() {
        return "DELETE FROM log WHERE ctid IN (SELECT ctid FROM log WHERE box_id = 1 LIMIT 2)";
    }
}

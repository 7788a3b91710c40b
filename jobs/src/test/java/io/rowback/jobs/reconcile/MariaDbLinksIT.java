package io.rowback.jobs.reconcile;

import io.rowback.jobs.testing.TestDatabase;

class MariaDbLinksIT extends LinksIT {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }

    @Override
    String deleteTwoLogCopies() {
        return "DELETE FROM log WHERE box_id = 1 LIMIT 2";
    }
}

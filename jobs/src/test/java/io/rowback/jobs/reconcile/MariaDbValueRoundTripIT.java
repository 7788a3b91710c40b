package io.rowback.jobs.reconcile;

import io.rowback.jobs.testing.TestDatabase;

class MariaDbValueRoundTripIT extends ValueRoundTripIT {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }

    @Override
    String text(String quotedColumn) {
        return "HEX(CAST(" + quotedColumn + " AS BINARY))";
    }
}

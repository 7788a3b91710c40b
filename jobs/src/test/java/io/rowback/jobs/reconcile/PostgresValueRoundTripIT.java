package io.rowback.jobs.reconcile;

import io.rowback.jobs.testing.TestDatabase;

class PostgresValueRoundTripIT extends ValueRoundTripIT {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }

    @Override
    String text(String quotedColumn) {
        return quotedColumn + "::text";
    }
}

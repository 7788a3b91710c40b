package io.rowback.jobs.history;

import io.rowback.jobs.testing.TestDatabase;

class PostgresMessagesIT extends MessagesIT {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }

    @Override
    String binaryType() {
        return "BYTEA";
    }

    @Override
    String binary(String hex) {
        return "'\\x" + hex + "'";
    }
}

package io.rowback.jobs.history;

import io.rowback.jobs.testing.TestDatabase;

class MariaDbMessagesIT extends MessagesIT {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }

    @Override
    String binaryType() {
        return "VARBINARY(8)";
    }

    @Override
    String binary(String hex) {
        return "X'" + hex + "'";
    }
}

package io.rowback.jobs.hdfs;

import io.rowback.jobs.testing.TestDatabase;

class PostgresHdfsWarehouseIT extends HdfsWarehouseIT {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}

package io.rowback.jobs.hdfs;

import io.rowback.jobs.testing.TestDatabase;

class MariaDbHdfsWarehouseIT extends HdfsWarehouseIT {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }
}

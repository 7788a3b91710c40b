package io.rowback.jobs.history;

import io.rowback.jobs.testing.TestDatabase;

import java.util.List;

class MariaDbNamesIT extends NamesIT {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }

    @Override
    List<String> orderLineColumns() {
        return List.of("id", "unit price", "a,b;c{d}(e)=f", "Snapshot_Date", "Tab\tName");
    }
}

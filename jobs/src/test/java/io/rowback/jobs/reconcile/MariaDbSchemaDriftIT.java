package io.rowback.jobs.reconcile;

import io.rowback.jobs.testing.TestDatabase;

class MariaDbSchemaDriftIT extends SchemaDriftIT {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }

    @Override
    String[] schema() {
        return new String[]{"CREATE TABLE client (id INT PRIMARY KEY, name VARCHAR(45) NOT NULL)",
                "CREATE TABLE note (id INT PRIMARY KEY, client_id INT NOT NULL, body VARCHAR(100), FOREIGN KEY (client_id) REFERENCES client (id))",
                "CREATE TABLE place (id INT PRIMARY KEY, name VARCHAR(45), code VARCHAR(5))"};
    }

    @Override
    String[] drift() {
        return new String[]{"ALTER TABLE client ADD COLUMN tier VARCHAR(10) NOT NULL", "ALTER TABLE place DROP COLUMN code",
                "ALTER TABLE place RENAME COLUMN name TO label"};
    }
}

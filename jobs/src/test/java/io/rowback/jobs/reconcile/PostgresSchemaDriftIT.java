package io.rowback.jobs.reconcile;

import io.rowback.jobs.testing.TestDatabase;

class PostgresSchemaDriftIT extends SchemaDriftIT {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }

    @Override
    String[] schema() {
        return new String[]{"CREATE TABLE client (id int PRIMARY KEY, name varchar(45) NOT NULL)",
                "CREATE TABLE note (id int PRIMARY KEY, client_id int NOT NULL REFERENCES client (id), body varchar(100))",
                "CREATE TABLE place (id int PRIMARY KEY, name varchar(45), code varchar(5))"};
    }

    @Override
    String[] drift() {
        // PostgreSQL adds a NOT NULL column to a table with rows only with a default; it is dropped after
        return new String[]{"ALTER TABLE client ADD COLUMN tier varchar(10) NOT NULL DEFAULT 'basic'",
                "ALTER TABLE client ALTER COLUMN tier DROP DEFAULT", "ALTER TABLE place DROP COLUMN code",
                "ALTER TABLE place RENAME COLUMN name TO label"};
    }
}

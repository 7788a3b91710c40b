package io.rowback.jobs.reconcile;

import io.rowback.jobs.testing.TestDatabase;

import java.util.Set;

/** Email a unique NOT NULL key the database enforces; PostgresRemapNaturalKeyIT: one only the application enforces. */
class PostgresRemapEnforcedKeyIT extends RemapTrustIT {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }

    @Override
    String[] prepare() {
        return enforced() ? new String[]{"ALTER TABLE customer ALTER COLUMN email SET NOT NULL", "CREATE UNIQUE INDEX customer_email_key ON customer (email)"} : new String[]{"ALTER TABLE customer ALTER COLUMN email SET NOT NULL"};
    }

    @Override
    String insertCustomer(int id, String email, String firstName) {
        return "INSERT INTO customer (customer_id, store_id, first_name, last_name, email, address_id, activebool, create_date, active) VALUES ("
                + id + ", 1, '" + firstName + "', 'ANDERSON', '" + email + "', 5, true, '2026-04-01', 1)";
    }

    @Override
    String insertRental(int id, int customer) {
        return "INSERT INTO rental (rental_id, rental_date, inventory_id, customer_id, staff_id) VALUES (" + id
                + ", '2026-04-01 12:00:00', 10, " + customer + ", 1)";
    }

    @Override
    boolean enforced() {
        return true;
    }

    /** Sakila's last_updated trigger stamps every update: undo cannot give that time back. */
    @Override
    Set<String> serverColumns() {
        return Set.of("last_update");
    }
}

package io.rowback.jobs.reconcile;

import io.rowback.jobs.testing.TestDatabase;

/** Email a unique NOT NULL key the database enforces; MariaDbRemapNaturalKeyIT: one only the application enforces. */
class MariaDbRemapEnforcedKeyIT extends RemapTrustIT {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }

    @Override
    String[] prepare() {
        return enforced() ? new String[]{"ALTER TABLE customer MODIFY email VARCHAR(50) NOT NULL", "ALTER TABLE customer ADD UNIQUE KEY uq_email (email)"} : new String[]{"ALTER TABLE customer MODIFY email VARCHAR(50) NOT NULL"};
    }

    @Override
    String insertCustomer(int id, String email, String firstName) {
        return "INSERT INTO customer (customer_id, store_id, first_name, last_name, email, address_id, active, create_date) VALUES ("
                + id + ", 1, '" + firstName + "', 'ANDERSON', '" + email + "', 5, 1, '2026-04-01 12:00:00')";
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

    /** utf8_general_ci, Sakila's collation, ignores letter case: the person typed the email again in lower case. */
    @Override
    String retyped(String email) {
        return email.toLowerCase(java.util.Locale.ROOT);
    }
}

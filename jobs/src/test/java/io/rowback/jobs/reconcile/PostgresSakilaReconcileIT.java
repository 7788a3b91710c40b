package io.rowback.jobs.reconcile;

import io.rowback.jobs.testing.TestDatabase;

class PostgresSakilaReconcileIT extends SakilaReconcileIT {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }

    @Override
    String[] addStoreAndManager() {
        return new String[]{"SET session_replication_role = replica",
                "INSERT INTO store (store_id, manager_staff_id, address_id, last_update) VALUES (3, 3, 3, '2026-02-01 10:00:00')",
                "INSERT INTO staff (staff_id, first_name, last_name, address_id, email, store_id, active, username, password, last_update)"
                        + " VALUES (3, 'Dana', 'O''Hara', 3, 'dana@sakilastaff.com', 3, true, 'dana', NULL, '2026-02-01 10:00:00')",
                "SET session_replication_role = DEFAULT"};
    }

    @Override
    String[] removeStoreAndManager() {
        return new String[]{"SET session_replication_role = replica", "DELETE FROM staff WHERE staff_id = 3", "DELETE FROM store WHERE store_id = 3",
                "SET session_replication_role = DEFAULT"};
    }

    @Override
    boolean canRestoreNotNullCycle() {
        return false;
    }
}

package io.rowback.jobs.reconcile;

/** Email NOT NULL but not unique: a natural key only the application enforces, which the restore does not free. */
class MariaDbRemapNaturalKeyIT extends MariaDbRemapEnforcedKeyIT {
    @Override
    boolean enforced() {
        return false;
    }
}

package io.rowback.dist;

import io.rowback.jobs.testing.TestDatabase;

class MariaDbStandaloneClusterIT extends StandaloneClusterIT {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }

    @Override
    String timestampType() {
        return "DATETIME(6)";
    }

    @Override
    String analyze() {
        return "ANALYZE TABLE partner, client, payment";
    }

    @Override
    boolean oneInstantOnACluster() {
        return false;
    }
}

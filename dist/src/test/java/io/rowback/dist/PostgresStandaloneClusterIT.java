package io.rowback.dist;

import io.rowback.jobs.testing.TestDatabase;

class PostgresStandaloneClusterIT extends StandaloneClusterIT {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }

    @Override
    String timestampType() {
        return "timestamp(6)";
    }

    @Override
    String analyze() {
        return "ANALYZE";
    }

    @Override
    boolean oneInstantOnACluster() {
        return true;
    }
}

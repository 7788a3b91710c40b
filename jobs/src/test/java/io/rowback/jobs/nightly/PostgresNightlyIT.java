package io.rowback.jobs.nightly;

import io.rowback.jobs.testing.TestDatabase;

class PostgresNightlyIT extends NightlyIT {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }

    @Override
    void createUser(String user, String password) throws Exception {
        db.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'", "GRANT USAGE ON SCHEMA public TO " + user,
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + user);
    }

    @Override
    void dropUser(String user) throws Exception {
        db.execute("DROP OWNED BY " + user, "DROP ROLE IF EXISTS " + user);
    }
}

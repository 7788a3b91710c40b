package io.rowback.jobs.nightly;

import io.rowback.jobs.testing.TestDatabase;

class MariaDbNightlyIT extends NightlyIT {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }

    @Override
    void createUser(String user, String password) throws Exception {
        db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'", "GRANT SELECT, SHOW VIEW ON " + db.name() + ".* TO '" + user + "'@'%'");
    }

    @Override
    void dropUser(String user) throws Exception {
        db.execute("DROP USER IF EXISTS '" + user + "'@'%'");
    }
}

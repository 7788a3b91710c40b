package io.rowback.jobs.nightly;

import io.rowback.jobs.testing.TestDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

class PostgresFaultsIT extends FaultsIT {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }

    @Override
    void fillBig(int n) throws SQLException {
        db.execute("INSERT INTO big_table SELECT g, md5(g::text) FROM generate_series(1, " + n + ") g", "ANALYZE big_table");
    }

    @Override
    List<Long> extracting(Connection admin, String table) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                     + " AND query LIKE '%rowback_extract%' AND query LIKE '%\"" + table + "\"%' AND query NOT LIKE '%1=0%'"
                     + " AND pid <> pg_backend_pid()")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    @Override
    void kill(Connection admin, long id) throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute("SELECT pg_terminate_backend(" + id + ")");
        }
    }
}

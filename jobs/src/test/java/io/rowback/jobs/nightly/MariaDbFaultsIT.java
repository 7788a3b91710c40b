package io.rowback.jobs.nightly;

import io.rowback.jobs.testing.TestDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

class MariaDbFaultsIT extends FaultsIT {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }

    @Override
    void fillBig(int n) throws SQLException {
        db.execute("INSERT INTO big_table SELECT seq, MD5(seq) FROM seq_1_to_" + n, "ANALYZE TABLE big_table");
    }

    @Override
    List<Long> extracting(Connection admin, String table) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '" + db.name() + "'"
                     + " AND INFO LIKE '%rowback_extract%' AND INFO LIKE '%`" + table + "`%' AND INFO NOT LIKE '%1=0%' AND ID <> CONNECTION_ID()")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    @Override
    void kill(Connection admin, long id) throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute("KILL CONNECTION " + id);
        } catch (SQLException e) {
            if (!e.getMessage().contains("Unknown thread")) {
                throw e;
            }
        }
    }
}

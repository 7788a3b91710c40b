package io.rowback.jobs.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The read limit for scripts/bench-snapshot: one connection, one streaming query, every column read
 * with getObject. Prints "rows seconds".
 * <pre>JdbcScanBenchmark URL USER TABLE</pre>
 */
public final class JdbcScanBenchmark {
    private JdbcScanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String table = args[2];
        long t0 = System.nanoTime();
        long rows = 0;
        try (Connection c = DriverManager.getConnection(url.startsWith("jdbc:mysql:") ? url + "?permitMysqlScheme" : url, args[1], "")) {
            c.setAutoCommit(false); // PostgreSQL streams only inside a transaction
            try (Statement s = c.createStatement()) {
                s.setFetchSize(10_000);
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            rs.getObject(i);
                        }
                        rows++;
                    }
                }
            }
        }
        System.out.printf("%d %.3f%n", rows, (System.nanoTime() - t0) / 1e9);
    }
}

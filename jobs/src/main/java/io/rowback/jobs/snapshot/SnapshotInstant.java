package io.rowback.jobs.snapshot;

import io.rowback.config.SnapshotSettings.Consistency;
import io.rowback.dialect.Dialect;
import io.rowback.dialect.MariaDbDialect;
import io.rowback.dialect.PostgresDialect;
import io.rowback.dialect.SparkJdbcDialects;
import io.rowback.errors.Errors;
import io.rowback.jobs.cli.Console;
import io.rowback.source.SourceDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * The instant the tables of one snapshot are read at, open for the whole run.
 * <ul>
 * <li>PostgreSQL: a coordinating REPEATABLE READ, READ ONLY transaction exports its snapshot, and every
 * extraction connection imports it before its SELECT (as pg_dump -j does), retries included.</li>
 * <li>MariaDB: there is no export. Under {@code BACKUP STAGE BLOCK_COMMIT} (commits wait, reads do not)
 * one connection per partition of every table starts {@code START TRANSACTION WITH CONSISTENT SNAPSHOT},
 * then the lock is released at once; Spark's tasks are lent those connections. That needs the tasks in
 * the driver's JVM (a local master), and a retried table is read at a later instant.</li>
 * <li>Otherwise each table is read in its own transaction at its own moment (per table).</li>
 * </ul>
 */
abstract class SnapshotInstant implements AutoCloseable {
    static final String CONSISTENT = "consistent";
    static final String PER_TABLE = "per-table";

    /** consistent or per-table. */
    abstract String mode();

    /** The WAL LSN or binlog file:position of the instant; null when there is none. */
    abstract String position();

    /**
     * Adds to a table's JDBC options what makes its read see the instant.
     *
     * @return false when this read cannot see it (a MariaDB table read a second time)
     */
    abstract boolean prepare(String table, Properties options);

    @Override
    public abstract void close();

    /**
     * @param partitions every table's partition count (MariaDB opens one connection each)
     */
    static SnapshotInstant open(SourceDatabase source, Consistency wanted, boolean localMaster, Map<String, Integer> partitions, Console console) {
        if (wanted == Consistency.PER_TABLE) {
            return new PerTable();
        }
        String name = source.config().name();
        try {
            Dialect d = source.dialect();
            if (d instanceof PostgresDialect) {
                return Postgres.open(source);
            }
            if (d instanceof MariaDbDialect && localMaster) {
                return MariaDb.open(source, partitions);
            }
            throw new UnsupportedOperationException(d instanceof MariaDbDialect
                    ? "MariaDB exports no snapshot, and its connections opened up front reach Spark's tasks only on a local master (spark.master local[...])"
                    : "the " + d.name() + " source has no way to share one snapshot among connections in rowback");
        } catch (SQLException | RuntimeException e) {
            String why = e instanceof SQLException ? Errors.oneLine(Errors.redactSecrets(e.getMessage())) : e.getMessage();
            if (wanted == Consistency.CONSISTENT) {
                throw Errors.consistencyUnavailable(name, why);
            }
            console.error("WARNING snapshot of '" + name + "' is per table (each table at its own moment), not one consistent instant: " + why);
            return new PerTable();
        }
    }

    static final class PerTable extends SnapshotInstant {
        @Override
        String mode() {
            return PER_TABLE;
        }

        @Override
        String position() {
            return null;
        }

        @Override
        boolean prepare(String table, Properties options) {
            return true;
        }

        @Override
        public void close() {
        }
    }

    static final class Postgres extends SnapshotInstant {
        private final Connection coordinator;
        private final String init;
        private final String lsn;

        private Postgres(Connection coordinator, String init, String lsn) {
            this.coordinator = coordinator;
            this.init = init;
            this.lsn = lsn;
        }

        static Postgres open(SourceDatabase source) throws SQLException {
            Connection c = source.connect();
            try {
                c.setAutoCommit(false);
                String id;
                String lsn;
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                    try (ResultSet rs = s.executeQuery("SELECT pg_export_snapshot(), CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()"
                            + " ELSE pg_current_wal_lsn() END")) {
                        rs.next();
                        id = rs.getString(1);
                        lsn = rs.getString(2);
                    }
                }
                // Spark's PostgreSQL dialect turns autocommit off before this (it streams only so): the
                // driver's implicit BEGIN comes first, then these two, before the query
                String init = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET TRANSACTION SNAPSHOT "
                        + source.dialect().textLiteral(id);
                return new Postgres(c, init, lsn);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        }

        @Override
        String mode() {
            return CONSISTENT;
        }

        @Override
        String position() {
            return lsn;
        }

        @Override
        boolean prepare(String table, Properties options) {
            options.setProperty("sessionInitStatement", init);
            return true;
        }

        @Override
        public void close() {
            try {
                coordinator.rollback();
                coordinator.close();
            } catch (SQLException ignored) {
                // the transaction read only; its end loses nothing
            }
        }
    }

    static final class MariaDb extends SnapshotInstant {
        private final String id = "instant-" + UUID.randomUUID();
        private final Set<String> lent = new HashSet<>();
        private final Set<String> all = new HashSet<>();
        private String position;

        static MariaDb open(SourceDatabase source, Map<String, Integer> partitions) throws SQLException {
            MariaDb m = new MariaDb();
            List<Connection> opened = new ArrayList<>();
            try (Connection lock = source.connect(); Statement l = lock.createStatement()) {
                l.execute("BACKUP STAGE START");
                try {
                    l.execute("BACKUP STAGE BLOCK_COMMIT");
                    Set<String> positions = new HashSet<>();
                    for (Map.Entry<String, Integer> t : partitions.entrySet()) {
                        List<Connection> mine = new ArrayList<>();
                        for (int i = 0; i < t.getValue(); i++) {
                            Connection c = source.connect();
                            opened.add(c);
                            mine.add(c);
                            try (Statement s = c.createStatement()) {
                                s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
                                positions.add(binlogPosition(s));
                            }
                        }
                        SparkJdbcDialects.lend(m.id + "/" + t.getKey(), mine);
                        m.lent.add(t.getKey());
                        m.all.add(t.getKey());
                    }
                    if (positions.size() > 1) {
                        throw new SQLException("the connections saw different binlog positions " + positions + " under the lock");
                    }
                    m.position = positions.stream().findFirst().orElse(null);
                } finally {
                    l.execute("BACKUP STAGE END");
                }
            } catch (SQLException | RuntimeException e) {
                m.close();
                for (Connection c : opened) {
                    c.close();
                }
                throw e;
            }
            return m;
        }

        /** binlog_snapshot_file:position of the connection's transaction; null without a binlog. */
        private static String binlogPosition(Statement s) throws SQLException {
            String file = null;
            String pos = null;
            try (ResultSet rs = s.executeQuery("SHOW STATUS LIKE 'binlog_snapshot_%'")) {
                while (rs.next()) {
                    if (rs.getString(1).equalsIgnoreCase("binlog_snapshot_file")) {
                        file = rs.getString(2);
                    } else if (rs.getString(1).equalsIgnoreCase("binlog_snapshot_position")) {
                        pos = rs.getString(2);
                    }
                }
            }
            return file == null || file.isEmpty() ? "" : file + ":" + pos;
        }

        @Override
        String mode() {
            return CONSISTENT;
        }

        @Override
        String position() {
            return position == null || position.isEmpty() ? null : position;
        }

        @Override
        synchronized boolean prepare(String table, Properties options) {
            if (!lent.remove(table)) {
                return false;
            }
            options.setProperty(SparkJdbcDialects.LENT, id + "/" + table);
            return true;
        }

        @Override
        public synchronized void close() {
            for (String t : all) {
                SparkJdbcDialects.closeLent(id + "/" + t);
            }
            lent.clear();
        }
    }
}

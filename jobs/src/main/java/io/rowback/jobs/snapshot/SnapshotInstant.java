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
 * <li>MariaDB lock-free (where the lock is refused): the same connections, opened without the lock, share one
 * instant when every one shows the same binlog position; else, after a few attempts (or at once without a
 * binlog), the snapshot is per table, said by a warning.</li>
 * <li>Otherwise each table is read in its own transaction at its own moment (per table).</li>
 * </ul>
 */
abstract class SnapshotInstant implements AutoCloseable {
    static final String CONSISTENT = "consistent";
    static final String PER_TABLE = "per-table";

    /** consistent or per-table. */
    abstract String mode();

    /** How the instant was reached, for the {@code instant:} line; empty when the mode says it all. */
    String how() {
        return "";
    }

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
        Dialect d = source.dialect();
        if (wanted == Consistency.LOCK_FREE) {
            if (!(d instanceof MariaDbDialect)) {
                throw Errors.lockFreeNotForSource(name, displayName(d));
            }
            return lockFree(source, localMaster, partitions, console, "");
        }
        try {
            if (d instanceof PostgresDialect) {
                return Postgres.open(source);
            }
            if (d instanceof MariaDbDialect && localMaster) {
                return MariaDb.open(source, partitions);
            }
            throw new UnsupportedOperationException(d instanceof MariaDbDialect
                    ? LOCAL_MASTER_ONLY
                    : "the " + d.name() + " source has no way to share one snapshot among connections in rowback");
        } catch (SQLException | RuntimeException e) {
            String why = e instanceof SQLException ? Errors.oneLine(Errors.redactSecrets(e.getMessage())) : e.getMessage();
            if (wanted == Consistency.CONSISTENT) {
                throw Errors.consistencyUnavailable(name, why);
            }
            if (d instanceof MariaDbDialect && localMaster) {
                // auto: without the lock, the binlog can still prove one instant; lock-free says plainly when it cannot
                return lockFree(source, true, partitions, console, "the lock was refused (" + why + "); ");
            }
            console.error("WARNING snapshot of '" + name + "' is per table (each table at its own moment), not one consistent instant: " + why);
            return new PerTable();
        }
    }

    /** The database's name as its makers write it, for messages. */
    static String displayName(Dialect d) {
        return d instanceof PostgresDialect ? "PostgreSQL" : d instanceof MariaDbDialect ? "MariaDB" : d.name();
    }

    private static final String LOCAL_MASTER_ONLY = "MariaDB exports no snapshot, and its connections opened up front reach Spark's tasks"
            + " only on a local master (spark.master local[...])";

    /** MariaDB's lock-free instant, or per table with one WARNING line saying why. */
    private static SnapshotInstant lockFree(SourceDatabase source, boolean localMaster, Map<String, Integer> partitions, Console console, String before) {
        String why;
        if (!localMaster) {
            why = LOCAL_MASTER_ONLY;
        } else {
            try {
                MariaDb.LockFree outcome = MariaDb.lockFree(source, partitions, LOCK_FREE_ATTEMPTS, console);
                if (outcome.instant() != null) {
                    return outcome.instant();
                }
                why = outcome.why();
            } catch (SQLException e) {
                why = Errors.oneLine(Errors.redactSecrets(e.getMessage()));
            }
        }
        console.error("WARNING snapshot of '" + source.config().name() + "' is per table (each table at its own moment), not one consistent instant: "
                + before + why);
        return new PerTable();
    }

    /** How often lock-free opens every connection's snapshot before it gives up on one instant. */
    static final int LOCK_FREE_ATTEMPTS = 10;

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
        private boolean lockFree;

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

        /** The lock-free instant, or why there is none. */
        record LockFree(MariaDb instant, String why) {
        }

        /**
         * Without a lock: every connection (one per partition) is opened first, then each starts
         * {@code START TRANSACTION WITH CONSISTENT SNAPSHOT} right after the other; when all of them show
         * the same binlog_snapshot_file/_position, no transaction committed between the first and the
         * last, and they share one instant. Otherwise all are closed and opened again, {@code attempts} times.
         * Without a binlog the positions are empty and prove nothing.
         */
        static LockFree lockFree(SourceDatabase source, Map<String, Integer> partitions, int attempts, Console console) throws SQLException {
            if (partitions.isEmpty()) {
                return new LockFree(new MariaDb(), null); // no table to read: nothing to agree on, as under the lock
            }
            Set<String> seen = new java.util.LinkedHashSet<>();
            for (int attempt = 1; attempt <= attempts; attempt++) {
                Map<String, List<Connection>> byTable = new java.util.LinkedHashMap<>();
                List<Connection> opened = new ArrayList<>();
                boolean kept = false;
                try {
                    for (Map.Entry<String, Integer> t : partitions.entrySet()) {
                        List<Connection> mine = new ArrayList<>();
                        for (int i = 0; i < t.getValue(); i++) {
                            Connection c = source.connect();
                            opened.add(c);
                            mine.add(c);
                        }
                        byTable.put(t.getKey(), mine);
                    }
                    List<Statement> statements = new ArrayList<>();
                    try {
                        for (Connection c : opened) {
                            statements.add(c.createStatement());
                        }
                        for (Statement s : statements) {
                            s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
                        }
                        Set<String> positions = new java.util.LinkedHashSet<>();
                        for (Statement s : statements) {
                            positions.add(binlogPosition(s));
                        }
                        if (positions.contains("")) {
                            return new LockFree(null, "without the lock only the binlog could prove one instant, and the server has none (log_bin is OFF);"
                                    + " grant RELOAD for the lock (BACKUP STAGE), or enable the binlog");
                        }
                        if (positions.size() == 1) {
                            MariaDb m = new MariaDb();
                            for (Map.Entry<String, List<Connection>> t : byTable.entrySet()) {
                                SparkJdbcDialects.lend(m.id + "/" + t.getKey(), t.getValue());
                                m.lent.add(t.getKey());
                                m.all.add(t.getKey());
                            }
                            m.position = positions.iterator().next();
                            m.lockFree = true;
                            kept = true;
                            return new LockFree(m, null);
                        }
                        seen.addAll(positions);
                        console.line("instant: the connections saw " + positions.size() + " binlog positions (" + String.join(", ", positions)
                                + "), a write committed between them; attempt " + attempt + " of " + attempts
                                + (attempt < attempts ? ", again" : ""));
                    } finally {
                        for (Statement s : statements) {
                            s.close();
                        }
                    }
                } finally {
                    if (!kept) {
                        for (Connection c : opened) {
                            c.close();
                        }
                    }
                }
                try {
                    Thread.sleep(20L * attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return new LockFree(null, "in " + attempts + " lock-free attempts the connections never saw one binlog position"
                    + " (writes kept committing between them; positions from " + seen.iterator().next() + " to "
                    + new ArrayList<>(seen).get(seen.size() - 1) + "); grant RELOAD for the lock (BACKUP STAGE) to get one instant on a busy server");
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
        String how() {
            return lockFree ? " (lock-free: every connection's snapshot at that binlog position)" : "";
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

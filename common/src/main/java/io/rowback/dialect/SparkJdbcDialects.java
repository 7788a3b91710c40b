package io.rowback.dialect;

import org.apache.spark.sql.execution.datasources.jdbc.JDBCOptions;
import org.apache.spark.sql.jdbc.JdbcDialect;
import org.apache.spark.sql.jdbc.JdbcDialects;
import scala.Function1;
import scala.runtime.AbstractFunction1;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spark 3.5 picks its JDBC dialect by URL prefix and knows jdbc:mysql: but not jdbc:mariadb:; the
 * fallback quotes identifiers with double quotes, which MariaDB reads as string literals
 * ("value 'customer_id' cannot be decoded as Integer"). This registers backtick quoting for it.
 * https://issues.apache.org/jira/browse/SPARK-42795
 * <p>
 * It also lends a read connections opened beforehand (MariaDB has no snapshot to export: a consistent
 * snapshot is one transaction per connection, all started under one brief lock). A read with the
 * option {@link #LENT} takes partition i's connection from {@link #lend}; that works where the tasks
 * run in the driver's JVM (a local master).
 */
public final class SparkJdbcDialects {
    /** Spark JDBC option: the id under which a read's connections were lent. */
    public static final String LENT = "rowbackLentConnections";
    private static final Map<String, Connection> LENT_CONNECTIONS = new ConcurrentHashMap<>();
    private static volatile boolean registered;

    private SparkJdbcDialects() {
    }

    public static synchronized void register() {
        if (!registered) {
            JdbcDialects.registerDialect(new MariaDbSparkDialect());
            registered = true;
        }
    }

    /** Partition i of the read {@code id} will use {@code connections.get(i)}. */
    public static void lend(String id, List<Connection> connections) {
        for (int i = 0; i < connections.size(); i++) {
            LENT_CONNECTIONS.put(id + "/" + i, connections.get(i));
        }
    }

    /** Closes the connections of the read {@code id} that no task took. */
    public static void closeLent(String id) {
        LENT_CONNECTIONS.keySet().removeIf(k -> {
            if (k.startsWith(id + "/")) {
                try {
                    LENT_CONNECTIONS.get(k).close();
                } catch (SQLException | RuntimeException ignored) {
                    // closing ends a read-only transaction; nothing is lost
                }
                return true;
            }
            return false;
        });
    }

    static Connection take(String id, int partition) throws SQLException {
        Connection c = LENT_CONNECTIONS.remove(id + "/" + partition);
        if (c == null) {
            throw new SQLException("no connection of the snapshot's instant is left for partition " + partition + " of " + id
                    + " (each is used once; a read again is at a later instant)");
        }
        return c;
    }

    static final class MariaDbSparkDialect extends JdbcDialect {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean canHandle(String url) {
            return url.toLowerCase(java.util.Locale.ROOT).startsWith("jdbc:mariadb:");
        }

        @Override
        public String quoteIdentifier(String column) {
            return '`' + column.replace("`", "``") + '`';
        }

        @Override
        public Function1<Object, Connection> createConnectionFactory(JDBCOptions options) {
            Function1<Object, Connection> opening = super.createConnectionFactory(options);
            scala.Option<String> id = options.parameters().get(LENT.toLowerCase(java.util.Locale.ROOT));
            if (id.isEmpty()) {
                return opening;
            }
            return new Lent(id.get(), opening);
        }
    }

    /** Partition -1 (Spark reading the schema on the driver) opens a connection of its own. */
    private static final class Lent extends AbstractFunction1<Object, Connection> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String id;
        private final Function1<Object, Connection> opening;

        Lent(String id, Function1<Object, Connection> opening) {
            this.id = id;
            this.opening = opening;
        }

        @Override
        public Connection apply(Object partition) {
            int p = (Integer) partition;
            if (p < 0) {
                return opening.apply(partition);
            }
            try {
                return take(id, p);
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }
}

package io.rowback.dialect;

import org.apache.spark.sql.jdbc.JdbcDialect;
import org.apache.spark.sql.jdbc.JdbcDialects;

/**
 * Spark 3.5 picks its JDBC dialect by URL prefix and knows jdbc:mysql: but not jdbc:mariadb:; the
 * fallback quotes identifiers with double quotes, which MariaDB reads as string literals
 * ("value 'customer_id' cannot be decoded as Integer"). This registers backtick quoting for it.
 * https://issues.apache.org/jira/browse/SPARK-42795
 */
public final class SparkJdbcDialects {
    private static volatile boolean registered;

    private SparkJdbcDialects() {
    }

    public static synchronized void register() {
        if (!registered) {
            JdbcDialects.registerDialect(new MariaDbSparkDialect());
            registered = true;
        }
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
    }
}

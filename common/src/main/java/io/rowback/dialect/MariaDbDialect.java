package io.rowback.dialect;

/**
 * MariaDB: MySQL's SQL, read with its own jdbc:mariadb: URL. Spark 3.5 does not recognise that URL
 * and would quote identifiers with double quotes, which MariaDB reads as strings; {@link SparkJdbcDialects}
 * registers backtick quoting for it.
 */
public class MariaDbDialect extends MySqlDialect {
    private static final long serialVersionUID = 1L;

    public MariaDbDialect(boolean noBackslashEscapes) {
        super(noBackslashEscapes);
    }

    @Override
    public String name() {
        return "mariadb";
    }
}

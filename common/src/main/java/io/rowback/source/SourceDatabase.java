package io.rowback.source;

import io.rowback.catalog.Catalog;
import io.rowback.config.SourceConfig;
import io.rowback.config.TableFilter;
import io.rowback.dialect.Dialect;
import io.rowback.errors.Errors;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** A configured source database: connections on the driver, and the properties Spark's JDBC reader needs. */
public final class SourceDatabase {
    private final SourceConfig config;
    private final Dialect dialect;

    public SourceDatabase(SourceConfig config, Dialect dialect) {
        this.config = config;
        this.dialect = dialect;
    }

    public SourceConfig config() {
        return config;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Driver options, credentials and time-outs (a server that does not answer fails within seconds). */
    public Properties properties() {
        Properties p = new Properties();
        p.putAll(dialect.connectionProperties());
        p.putAll(connectTimeout());
        if (config.user() != null) {
            p.setProperty("user", config.user());
        }
        if (config.password().isPresent()) {
            p.setProperty("password", config.password().reveal());
        }
        return p;
    }

    private Map<String, String> connectTimeout() {
        return switch (dialect.name()) {
            case "mariadb", "mysql" -> Map.of("connectTimeout", "10000");
            case "postgresql" -> Map.of("connectTimeout", "10", "loginTimeout", "20");
            default -> Map.of();
        };
    }

    public String url() {
        return dialect.driverUrl(config.url());
    }

    /** A connection, or a one-line error that says why not (never with the password). */
    public Connection connect() {
        try {
            Driver driver = (Driver) Class.forName(dialect.driverClass()).getDeclaredConstructor().newInstance();
            Connection c = driver.connect(url(), properties());
            if (c == null) {
                throw Errors.invalid("source '" + config.name() + "': the " + dialect.name() + " driver does not accept the URL " + Errors.redact(config.url()));
            }
            return c;
        } catch (SQLException e) {
            throw Errors.cannotConnect(config.name(), config.url(), config.user(), e);
        } catch (ReflectiveOperationException e) {
            throw Errors.wrap("loading the JDBC driver " + dialect.driverClass(), e);
        }
    }

    /** The schema read: the configured one, or the connection's default. */
    public String schema(Connection connection) throws SQLException {
        return config.schema() != null ? config.schema() : dialect.catalogReader().defaultSchema(connection);
    }

    /** Base tables selected by the configuration; a pattern that selects nothing is an error. */
    public Catalog readCatalog() {
        try (Connection c = connect()) {
            String schema = schema(c);
            Catalog all = dialect.catalogReader().read(c, schema, dialect);
            if (all.size() == 0 && config.schema() != null && !schemaExists(c, schema)) {
                throw Errors.schemaMissing(config.name(), schema);
            }
            return select(all);
        } catch (SQLException e) {
            throw Errors.catalogFailed(config.name(), e);
        }
    }

    private boolean schemaExists(Connection c, String schema) throws SQLException {
        try (var rs = c.getMetaData().getSchemas()) {
            while (rs.next()) {
                if (schema.equals(rs.getString(1))) {
                    return true;
                }
            }
        }
        try (var rs = c.getMetaData().getCatalogs()) {
            while (rs.next()) {
                if (schema.equals(rs.getString(1))) {
                    return true;
                }
            }
        }
        return false;
    }

    Catalog select(Catalog all) {
        TableFilter filter = config.tables();
        for (String pattern : filter.include()) {
            if (all.names().stream().noneMatch(t -> TableFilter.matches(pattern, t))) {
                throw Errors.includeMatchesNothing(config.name(), "tables.include", pattern, all.names());
            }
        }
        List<io.rowback.catalog.Table> chosen = new ArrayList<>();
        for (var t : all.tables()) {
            if (filter.selects(t.name())) {
                chosen.add(t);
            }
        }
        if (chosen.isEmpty()) {
            throw Errors.noTablesSelected(config.name());
        }
        return new Catalog(chosen, all.views());
    }
}

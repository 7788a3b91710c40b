package io.rowback.dialect;

import io.rowback.catalog.Catalog;

import java.sql.Connection;
import java.sql.SQLException;

/** Reads base tables, columns, keys and foreign keys of one schema (jOOQ-meta style: few bulk queries). */
public interface CatalogReader {
    Catalog read(Connection connection, String schema, Dialect dialect) throws SQLException;

    /** The schema read when the configuration names none (the URL's database, or public). */
    String defaultSchema(Connection connection) throws SQLException;
}

package io.rowback.dialect;

import io.rowback.catalog.Catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** MySQL and MariaDB: four queries on information_schema for the whole schema (views named, not read). */
final class MySqlCatalogReader implements CatalogReader {

    @Override
    public String defaultSchema(Connection connection) throws SQLException {
        return connection.getCatalog();
    }

    @Override
    public Catalog read(Connection connection, String schema, Dialect dialect) throws SQLException {
        CatalogAssembler a = new CatalogAssembler(dialect);
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT TABLE_NAME, TABLE_ROWS, TABLE_TYPE FROM information_schema.TABLES"
                        + " WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED', 'VIEW')")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long rows = rs.getLong(2);
                    if ("VIEW".equals(rs.getString(3))) {
                        a.view(rs.getString(1));
                    } else {
                        a.table(rs.getString(1), false, rs.wasNull() ? -1 : rows);
                    }
                }
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE, COLUMN_TYPE, NUMERIC_PRECISION, NUMERIC_SCALE,"
                        + " CHARACTER_MAXIMUM_LENGTH, IS_NULLABLE, EXTRA, COLLATION_NAME, COLUMN_DEFAULT FROM information_schema.COLUMNS"
                        + " WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String columnType = rs.getString(5).toLowerCase(java.util.Locale.ROOT);
                    String extra = rs.getString(10) == null ? "" : rs.getString(10).toUpperCase(java.util.Locale.ROOT);
                    long length = rs.getLong(8);
                    boolean generated = extra.contains("GENERATED") || extra.contains("PERSISTENT") || extra.contains("ROW START")
                            || extra.contains("ROW END");
                    a.column(rs.getString(1), new SourceColumn(rs.getString(2), rs.getInt(3),
                            rs.getString(4).toLowerCase(java.util.Locale.ROOT), columnType,
                            intOrMinus(rs, 6), intOrMinus(rs, 7), rs.wasNull() || length > Integer.MAX_VALUE ? -1 : (int) length,
                            columnType.contains("unsigned"), "YES".equals(rs.getString(9)), generated,
                            extra.contains("AUTO_INCREMENT")));
                    String collation = rs.getString(11);
                    boolean hasDefault = "YES".equals(rs.getString(9)) || rs.getString(12) != null || generated || extra.contains("AUTO_INCREMENT");
                    a.traits(rs.getString(1), rs.getString(2), exact(collation) ? null : collation, hasDefault);
                    if (extra.contains("ON UPDATE")) {
                        a.autoUpdated(rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT tc.TABLE_NAME, tc.CONSTRAINT_NAME, tc.CONSTRAINT_TYPE, k.COLUMN_NAME"
                        + " FROM information_schema.TABLE_CONSTRAINTS tc JOIN information_schema.KEY_COLUMN_USAGE k"
                        // BINARY: information_schema compares names ignoring case, and tables T and t both have a PRIMARY
                        + " ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND BINARY k.CONSTRAINT_NAME = BINARY tc.CONSTRAINT_NAME"
                        + " AND k.TABLE_SCHEMA = tc.TABLE_SCHEMA AND BINARY k.TABLE_NAME = BINARY tc.TABLE_NAME"
                        + " WHERE tc.TABLE_SCHEMA = ? AND tc.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE')"
                        + " ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_TYPE, tc.CONSTRAINT_NAME, k.ORDINAL_POSITION")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    a.keyColumn(rs.getString(1), rs.getString(2), "PRIMARY KEY".equals(rs.getString(3)), rs.getString(4));
                }
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, rc.DELETE_RULE"
                        + " FROM information_schema.KEY_COLUMN_USAGE k LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS rc"
                        + " ON rc.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND BINARY rc.CONSTRAINT_NAME = BINARY k.CONSTRAINT_NAME"
                        + " AND BINARY rc.TABLE_NAME = BINARY k.TABLE_NAME"
                        + " WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL AND k.REFERENCED_TABLE_SCHEMA = k.TABLE_SCHEMA"
                        + " ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    a.foreignKeyColumn(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6));
                }
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, TRIGGER_NAME, ACTION_STATEMENT FROM information_schema.TRIGGERS"
                        + " WHERE EVENT_OBJECT_SCHEMA = ? ORDER BY EVENT_OBJECT_TABLE, TRIGGER_NAME")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    a.trigger(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
                    if ("BEFORE".equals(rs.getString(2)) && "UPDATE".equals(rs.getString(3))) {
                        a.autoUpdatedByTrigger(rs.getString(1), rs.getString(5));
                    }
                }
            }
        }
        return a.build();
    }

    /** Binary collations compare byte for byte (as do columns without a collation). */
    private static boolean exact(String collation) {
        return collation == null || collation.endsWith("_bin") || collation.equals("binary");
    }

    private static int intOrMinus(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? -1 : (int) Math.min(v, Integer.MAX_VALUE);
    }
}

package io.rowback.dialect;

import io.rowback.catalog.Catalog;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/** Any database through java.sql.DatabaseMetaData (H2 for the demo): one call per table for keys. */
final class JdbcMetadataCatalogReader implements CatalogReader {

    @Override
    public String defaultSchema(Connection connection) throws SQLException {
        return connection.getSchema();
    }

    @Override
    public Catalog read(Connection connection, String schema, Dialect dialect) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        CatalogAssembler a = new CatalogAssembler(dialect);
        List<String> names = new ArrayList<>();
        try (ResultSet rs = md.getTables(null, schema, "%", new String[]{"TABLE", "BASE TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME"));
                a.table(rs.getString("TABLE_NAME"), false, -1);
            }
        }
        try (ResultSet rs = md.getTables(null, schema, "%", new String[]{"VIEW"})) {
            while (rs.next()) {
                a.view(rs.getString("TABLE_NAME"));
            }
        }
        try (ResultSet rs = md.getColumns(null, schema, "%", "%")) {
            while (rs.next()) {
                String type = rs.getString("TYPE_NAME").toLowerCase(Locale.ROOT);
                int size = rs.getInt("COLUMN_SIZE");
                int digits = rs.getInt("DECIMAL_DIGITS");
                boolean numeric = type.equals("decimal") || type.equals("numeric");
                boolean character = type.contains("char");
                String full = numeric ? type + "(" + size + "," + digits + ")" : character ? type + "(" + size + ")" : type;
                a.column(rs.getString("TABLE_NAME"), new SourceColumn(rs.getString("COLUMN_NAME"), rs.getInt("ORDINAL_POSITION"),
                        type, full, numeric ? size : -1, numeric ? digits : -1, character ? size : -1, false,
                        rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls, "YES".equals(rs.getString("IS_GENERATEDCOLUMN")),
                        "YES".equals(rs.getString("IS_AUTOINCREMENT"))));
                a.traits(rs.getString("TABLE_NAME"), rs.getString("COLUMN_NAME"), null,
                        rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls || rs.getString("COLUMN_DEF") != null
                                || "YES".equals(rs.getString("IS_GENERATEDCOLUMN")) || "YES".equals(rs.getString("IS_AUTOINCREMENT")));
            }
        }
        for (String table : names) {
            TreeMap<Integer, String> pk = new TreeMap<>();
            String pkName = "PRIMARY";
            try (ResultSet rs = md.getPrimaryKeys(null, schema, table)) {
                while (rs.next()) {
                    pk.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
                    pkName = rs.getString("PK_NAME") == null ? pkName : rs.getString("PK_NAME");
                }
            }
            for (String c : pk.values()) {
                a.keyColumn(table, pkName, true, c);
            }
            TreeMap<String, TreeMap<Integer, String>> unique = new TreeMap<>();
            try (ResultSet rs = md.getIndexInfo(null, schema, table, true, false)) {
                while (rs.next()) {
                    if (rs.getString("COLUMN_NAME") != null && !rs.getBoolean("NON_UNIQUE")) {
                        unique.computeIfAbsent(rs.getString("INDEX_NAME"), k -> new TreeMap<>())
                                .put(rs.getInt("ORDINAL_POSITION"), rs.getString("COLUMN_NAME"));
                    }
                }
            }
            unique.forEach((name, cols) -> cols.values().forEach(c -> a.keyColumn(table, name, false, c)));
            TreeMap<String, TreeMap<Integer, String[]>> fks = new TreeMap<>();
            try (ResultSet rs = md.getImportedKeys(null, schema, table)) {
                while (rs.next()) {
                    fks.computeIfAbsent(rs.getString("FK_NAME"), k -> new TreeMap<>()).put(rs.getInt("KEY_SEQ"),
                            new String[]{rs.getString("FKCOLUMN_NAME"), rs.getString("PKTABLE_NAME"), rs.getString("PKCOLUMN_NAME")});
                }
            }
            fks.forEach((name, cols) -> cols.values().forEach(c -> a.foreignKeyColumn(table, name, c[0], c[1], c[2])));
        }
        return a.build();
    }
}

package io.rowback.dialect;

import io.rowback.catalog.Catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL: four queries on pg_catalog. Declarative partitions are left out (their rows are read
 * through the parent); inheritance children are tables of their own. Domains are described by their
 * base type; unique keys include unique indexes that are not constraints (but not partial or
 * expression indexes). Views and materialized views are only named.
 */
final class PostgresCatalogReader implements CatalogReader {
    private static final Pattern MODIFIERS = Pattern.compile("\\((\\d+)(?:,(\\d+))?\\)");

    @Override
    public String defaultSchema(Connection connection) throws SQLException {
        try (ResultSet rs = connection.createStatement().executeQuery("SELECT current_schema()")) {
            return rs.next() && rs.getString(1) != null ? rs.getString(1) : "public";
        }
    }

    @Override
    public Catalog read(Connection connection, String schema, Dialect dialect) throws SQLException {
        CatalogAssembler a = new CatalogAssembler(dialect);
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT c.relname, c.relkind = 'p', CASE WHEN c.relkind = 'p' THEN (SELECT COALESCE(sum(GREATEST(ch.reltuples, 0)), 0)"
                        + " FROM pg_inherits i JOIN pg_class ch ON ch.oid = i.inhrelid WHERE i.inhparent = c.oid) ELSE c.reltuples END::bigint"
                        + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    a.table(rs.getString(1), rs.getBoolean(2), rs.getLong(3));
                }
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('v', 'm')")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    a.view(rs.getString(1));
                }
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT c.relname, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod),"
                        + " format_type(CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END,"
                        + "             CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END),"
                        + " COALESCE(bt.typcategory, t.typcategory), NOT a.attnotnull, a.attgenerated <> '', a.attidentity <> '',"
                        + " COALESCE(bt.typname, t.typname), a.atthasdef OR t.typdefault IS NOT NULL,"
                        + " CASE WHEN coll.collisdeterministic THEN NULL"
                        + "      ELSE coll.collprovider::text || ':' || COALESCE(to_jsonb(coll) ->> 'colllocale', to_jsonb(coll) ->> 'colliculocale', coll.collcollate) END"
                        + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype"
                        + " LEFT JOIN pg_collation coll ON coll.oid = a.attcollation"
                        + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped"
                        + " ORDER BY c.relname, a.attnum")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String base = rs.getString(5);
                    String category = rs.getString(6);
                    Matcher m = MODIFIERS.matcher(base);
                    int first = -1;
                    int second = -1;
                    if (m.find()) {
                        first = Integer.parseInt(m.group(1));
                        second = m.group(2) == null ? -1 : Integer.parseInt(m.group(2));
                    }
                    String dataType = "A".equals(category) ? "array" : MODIFIERS.matcher(base).replaceAll("").toLowerCase(Locale.ROOT);
                    boolean numeric = dataType.equals("numeric");
                    boolean character = dataType.startsWith("character") || dataType.equals("bpchar");
                    a.column(rs.getString(1), new SourceColumn(rs.getString(2), rs.getInt(3), dataType, rs.getString(4),
                            numeric ? first : -1, numeric ? (second < 0 && first > 0 ? 0 : second) : -1,
                            character ? first : -1, false, rs.getBoolean(7), rs.getBoolean(8), rs.getBoolean(9)));
                    String collation = "citext".equals(rs.getString(10)) ? "citext" : rs.getString(12);
                    a.traits(rs.getString(1), rs.getString(2), collation,
                            rs.getBoolean(7) || rs.getBoolean(11) || rs.getBoolean(8) || rs.getBoolean(9));
                }
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT c.relname, ic.relname, i.indisprimary, a.attname"
                        + " FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " JOIN pg_class ic ON ic.oid = i.indexrelid"
                        + " CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
                        + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum"
                        + " WHERE n.nspname = ? AND (i.indisprimary OR i.indisunique) AND i.indpred IS NULL AND i.indexprs IS NULL"
                        + " AND k.ord <= i.indnkeyatts"
                        + " ORDER BY c.relname, NOT i.indisprimary, ic.relname, k.ord")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    a.keyColumn(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4));
                }
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT c.relname, con.conname, a.attname, rc.relname, ra.attname,"
                        + " CASE con.confdeltype WHEN 'n' THEN 'SET NULL' WHEN 'c' THEN 'CASCADE' WHEN 'r' THEN 'RESTRICT'"
                        + " WHEN 'a' THEN 'NO ACTION' WHEN 'd' THEN 'SET DEFAULT' END"
                        + " FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " JOIN pg_class rc ON rc.oid = con.confrelid JOIN pg_namespace rn ON rn.oid = rc.relnamespace"
                        + " CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, refattnum, ord)"
                        + " JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum"
                        + " JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refattnum"
                        + " WHERE con.contype = 'f' AND n.nspname = ? AND rn.nspname = n.nspname AND con.conparentid = 0"
                        + " ORDER BY c.relname, con.conname, k.ord")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    a.foreignKeyColumn(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6));
                }
            }
        }
        // what BEFORE UPDATE trigger functions assign: the server's columns, no evidence of a person's edit
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT c.relname, p.prosrc FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_proc p ON p.oid = t.tgfoid"
                        + " WHERE n.nspname = ? AND NOT t.tgisinternal AND t.tgtype & 2 <> 0 AND t.tgtype & 16 <> 0")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    a.autoUpdatedByTrigger(rs.getString(1), rs.getString(2));
                }
            }
        }
        // tgtype bits: 2 BEFORE, 4 INSERT, 8 DELETE, 16 UPDATE, 64 INSTEAD OF
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT c.relname, CASE WHEN t.tgtype & 2 <> 0 THEN 'BEFORE' WHEN t.tgtype & 64 <> 0 THEN 'INSTEAD OF' ELSE 'AFTER' END, e.event, t.tgname"
                        + " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " CROSS JOIN LATERAL (VALUES (4, 'INSERT'), (8, 'DELETE'), (16, 'UPDATE')) AS e(bit, event)"
                        + " WHERE n.nspname = ? AND NOT t.tgisinternal AND t.tgtype & e.bit <> 0"
                        + " UNION ALL SELECT r.tablename, 'RULE', CASE x.ev_type WHEN '2' THEN 'UPDATE' WHEN '3' THEN 'INSERT' WHEN '4' THEN 'DELETE' ELSE 'SELECT' END,"
                        + " r.rulename FROM pg_rules r JOIN pg_rewrite x ON x.rulename = r.rulename"
                        + " JOIN pg_class c ON c.oid = x.ev_class AND c.relname = r.tablename JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = r.schemaname"
                        + " WHERE r.schemaname = ? ORDER BY 1, 4")) {
            ps.setString(1, schema);
            ps.setString(2, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    a.trigger(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
                }
            }
        }
        return a.build();
    }
}

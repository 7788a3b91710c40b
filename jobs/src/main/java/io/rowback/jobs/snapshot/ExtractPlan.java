package io.rowback.jobs.snapshot;

import io.rowback.catalog.Column;
import io.rowback.catalog.Table;
import io.rowback.dialect.Dialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How one table is read: a single streaming query for a small table; for a large table with a
 * numeric key, key ranges of about {@code rowsPerPartition} rows each, read in parallel. The ranges
 * follow the key's real distribution: equal widths when the key is dense (an auto-increment id),
 * the database's own quantiles when it has gaps.
 *
 * @param predicates one WHERE clause per partition over the aliased key column; empty for one partition
 */
public record ExtractPlan(List<String> predicates) {
    private static final Set<String> INTEGRAL = Set.of("SMALLINT", "INT", "BIGINT");

    public static ExtractPlan single() {
        return new ExtractPlan(List.of());
    }

    public int partitions() {
        return Math.max(1, predicates.size());
    }

    /**
     * @param keyAlias the key column's name in the extract query (c0, c1...)
     * @param slots    tasks that can run at once; the partition count is rounded up to a multiple of it
     */
    public static ExtractPlan plan(Connection c, Dialect dialect, String schema, Table table, String keyAlias,
                                   long rowsPerPartition, int slots) throws SQLException {
        if (table.estimatedRows() <= rowsPerPartition || !table.hasPrimaryKey() || table.primaryKey().columns().size() != 1) {
            return single();
        }
        Column key = table.column(table.primaryKey().columns().get(0)).orElseThrow();
        if (!INTEGRAL.contains(key.sparkType())) {
            return single();
        }
        long parts = (table.estimatedRows() + rowsPerPartition - 1) / rowsPerPartition;
        parts = Math.max(slots, ((parts + slots - 1) / slots) * slots);
        long min;
        long max;
        long count = table.estimatedRows();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MIN(" + dialect.quote(key.name()) + "), MAX(" + dialect.quote(key.name()) + ") FROM "
                     + dialect.readFrom(schema, table))) {
            if (!rs.next() || rs.getObject(1) == null) {
                return single();
            }
            min = rs.getLong(1);
            max = rs.getLong(2);
        }
        List<Long> bounds = new ArrayList<>();
        double span = (double) max - min + 1;
        if (span <= 2.0 * count) {
            for (int i = 1; i < parts; i++) {
                bounds.add(min + (long) (span * i / parts));
            }
        } else {
            long step = Math.max(1, count / parts);
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(dialect.keyBoundariesQuery(schema, table, key.name(), step))) {
                while (rs.next() && bounds.size() < parts - 1) {
                    bounds.add(rs.getLong(1));
                }
            }
        }
        return ranges(keyAlias, bounds);
    }

    static ExtractPlan ranges(String keyAlias, List<Long> bounds) {
        List<Long> b = bounds.stream().distinct().sorted().toList();
        if (b.isEmpty()) {
            return single();
        }
        List<String> predicates = new ArrayList<>();
        predicates.add(keyAlias + " < " + b.get(0));
        for (int i = 1; i < b.size(); i++) {
            predicates.add(keyAlias + " >= " + b.get(i - 1) + " AND " + keyAlias + " < " + b.get(i));
        }
        predicates.add(keyAlias + " >= " + b.get(b.size() - 1));
        return new ExtractPlan(predicates);
    }
}

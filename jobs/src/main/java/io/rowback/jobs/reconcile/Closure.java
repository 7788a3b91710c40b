package io.rowback.jobs.reconcile;

import io.rowback.catalog.Column;
import io.rowback.catalog.ForeignKey;
import io.rowback.catalog.Table;
import io.rowback.graph.ReferenceGraph;
import io.rowback.store.SnapshotReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.when;

/**
 * Which vanished rows go back. Every row to restore is a row that vanished, so the work is done on
 * the vanished rows only: each reference between two vanished rows is an edge, and the rows to
 * restore are those connected to a deleted root by edges in either direction (a dependent row that
 * vanished with its parent; a parent that a restored row needs). Breadth-first, in Spark.
 *
 * <p>Nodes are (rb_table, rb_key, rb_group): the group is the root a row was first reached from.
 */
final class Closure {
    static final String C_TABLE = "c_table";
    static final String C_KEY = "c_key";
    static final String P_TABLE = "p_table";
    static final String P_KEY = "p_key";
    static final String GROUP = "rb_group";
    /** The roots a row is reached from (their groups, sorted): one for most rows, several for a row they share. */
    static final String ROOTS = "rb_roots";
    static final StructType NODE = new StructType().add(Keys.TABLE, DataTypes.StringType).add(Keys.KEY, DataTypes.StringType)
            .add(GROUP, DataTypes.StringType);

    static final StructType EDGE = new StructType().add(C_TABLE, DataTypes.StringType).add(C_KEY, DataTypes.StringType)
            .add(P_TABLE, DataTypes.StringType).add(P_KEY, DataTypes.StringType);
    static final StructType SHARED = new StructType().add(Keys.TABLE, DataTypes.StringType).add(Keys.KEY, DataTypes.StringType)
            .add(ROOTS, DataTypes.createArrayType(DataTypes.StringType));
    /**
     * Up to this many references between vanished rows, and as many nodes to start from, the walks run on
     * the driver ({@link DriverClosure}): each step of a walk in Spark is several jobs, most of a small
     * incident's closure time. Above it, or at 0, they run in Spark.
     */
    static final String ON_DRIVER_LIMIT = "spark.rowback.closure.onDriverLimit";
    static final int DEFAULT_ON_DRIVER_LIMIT = 100_000;

    private final SparkSession spark;
    private final ReferenceGraph graph;
    private final Map<String, TableVersions> tables;
    private final Map<String, List<String>> families;
    private final int onDriverLimit;
    private Dataset<Row> edgesOnDriver;
    private DriverClosure onDriver;

    Closure(SparkSession spark, ReferenceGraph graph, Map<String, TableVersions> tables) {
        this(spark, graph, tables, families(graph, tables.keySet()),
                Integer.parseInt(spark.conf().get(ON_DRIVER_LIMIT, String.valueOf(DEFAULT_ON_DRIVER_LIMIT))));
    }

    /** For the walks alone (tests): no tables to find edges in, the families given. */
    Closure(SparkSession spark, ReferenceGraph graph, Map<String, TableVersions> tables, Map<String, List<String>> families, int onDriverLimit) {
        this.spark = spark;
        this.graph = graph;
        this.tables = tables;
        this.families = families;
        this.onDriverLimit = onDriverLimit;
    }

    /** Whether the walks over these edges run on the driver. */
    boolean onDriver(Dataset<Row> edges) {
        return onDriver != null && edges == edgesOnDriver;
    }

    /** The nodes, if there are at most the limit of them (one bounded job), else null. */
    private List<DriverClosure.Node> few(Dataset<Row> nodes) {
        List<Row> rows = nodes.select(Keys.TABLE, Keys.KEY, GROUP).limit(onDriverLimit + 1).collectAsList();
        if (rows.size() > onDriverLimit) {
            return null;
        }
        List<DriverClosure.Node> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(new DriverClosure.Node(r.getString(0), r.getString(1), r.getString(2))));
        return out;
    }

    private Dataset<Row> nodes(List<DriverClosure.Node> nodes) {
        List<Row> rows = new ArrayList<>(nodes.size());
        nodes.forEach(n -> rows.add(RowFactory.create(n.table(), n.key(), n.group())));
        return spark.createDataFrame(rows, NODE);
    }

    /** The inheritance families as {@link #withFamily} joins them: each table's other members among the tables. */
    private static Map<String, List<String>> families(ReferenceGraph graph, Set<String> tables) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (String t : tables) {
            for (String member : graph.family(t)) {
                if (!member.equals(t) && tables.contains(member)) {
                    out.computeIfAbsent(t, k -> new ArrayList<>()).add(member);
                }
            }
        }
        return out;
    }

    /** The rows of a reference's child that take part in it: conditions hold, no column NULL. */
    static Dataset<Row> referencing(Dataset<Row> rows, ForeignKey f, Table child) {
        Dataset<Row> out = rows;
        for (Map.Entry<String, String> c : f.conditions().entrySet()) {
            DataType type = DataType.fromDDL(child.column(c.getKey()).map(Column::sparkType).orElse("STRING"));
            out = out.where(col(SnapshotReader.quoted(c.getKey())).equalTo(lit(c.getValue()).cast(type)));
        }
        for (String c : f.columns()) {
            out = out.where(col(SnapshotReader.quoted(c)).isNotNull());
        }
        return out;
    }

    /** Every reference from a vanished row to a vanished row: (c_table, c_key, p_table, p_key). */
    Dataset<Row> edges() {
        return edges(edgeRows());
    }

    /** The edges, checkpointed, and kept on the driver too when they are few. */
    Dataset<Row> edges(Dataset<Row> all) {
        Dataset<Row> edges = all.distinct().localCheckpoint();
        keepOnDriverIfFew(edges);
        return edges;
    }

    private Dataset<Row> edgeRows() {
        Dataset<Row> all = null;
        for (ForeignKey f : graph.referencesAmong(tables.keySet())) {
            TableVersions child = tables.get(f.table());
            TableVersions parent = tables.get(f.refTable());
            Dataset<Row> c = referencing(child.vanished(), f, child.before).alias("c");
            Dataset<Row> p = parent.vanished().alias("p");
            org.apache.spark.sql.Column on = null;
            for (int i = 0; i < f.columns().size(); i++) {
                org.apache.spark.sql.Column eq = Keys.in("c", f.columns().get(i)).equalTo(Keys.in("p", f.refColumns().get(i)));
                on = on == null ? eq : on.and(eq);
            }
            Dataset<Row> e = c.join(p, on).select(lit(f.table()).as(C_TABLE), Keys.in("c", Keys.KEY).as(C_KEY),
                    lit(f.refTable()).as(P_TABLE), Keys.in("p", Keys.KEY).as(P_KEY));
            all = all == null ? e : all.union(e);
        }
        if (all == null) {
            return spark.createDataFrame(List.of(), EDGE);
        }
        return all;
    }

    private void keepOnDriverIfFew(Dataset<Row> edges) {
        if (onDriverLimit <= 0) {
            return;
        }
        List<Row> rows = edges.select(C_TABLE, C_KEY, P_TABLE, P_KEY).limit(onDriverLimit + 1).collectAsList();
        if (rows.size() <= onDriverLimit) {
            List<String[]> few = new ArrayList<>(rows.size());
            rows.forEach(r -> few.add(new String[]{r.getString(0), r.getString(1), r.getString(2), r.getString(3)}));
            onDriver = new DriverClosure(few, families);
            edgesOnDriver = edges;
        }
    }

    /** The vanished rows of the root tables, each its own group. */
    Dataset<Row> roots(List<String> rootTables) {
        Dataset<Row> all = null;
        for (String t : rootTables) {
            Dataset<Row> r = tables.get(t).vanished().select(lit(t).as(Keys.TABLE), col(Keys.KEY),
                    org.apache.spark.sql.functions.concat(lit(t + " "), col(Keys.KEY)).as(GROUP));
            all = all == null ? r : all.union(r);
        }
        return all;
    }

    /**
     * Nodes reachable from the start through the edges: towards parents ({@code up}), towards
     * dependents ({@code down}), or both; each keeps the group it was first reached from.
     */
    Dataset<Row> reach(Dataset<Row> start, Dataset<Row> edges, boolean up, boolean down) {
        List<DriverClosure.Node> few = onDriver(edges) ? few(start) : null;
        if (few != null) {
            return nodes(onDriver.reach(few, up, down));
        }
        Dataset<Row> visited = start.localCheckpoint();
        Dataset<Row> frontier = visited;
        while (true) {
            List<Dataset<Row>> steps = new ArrayList<>();
            if (down) {
                steps.add(frontier.join(edges, frontier.col(Keys.TABLE).equalTo(edges.col(P_TABLE)).and(frontier.col(Keys.KEY).equalTo(edges.col(P_KEY))))
                        .select(edges.col(C_TABLE).as(Keys.TABLE), edges.col(C_KEY).as(Keys.KEY), frontier.col(GROUP)));
            }
            if (up) {
                steps.add(frontier.join(edges, frontier.col(Keys.TABLE).equalTo(edges.col(C_TABLE)).and(frontier.col(Keys.KEY).equalTo(edges.col(C_KEY))))
                        .select(edges.col(P_TABLE).as(Keys.TABLE), edges.col(P_KEY).as(Keys.KEY), frontier.col(GROUP)));
            }
            Dataset<Row> next = steps.stream().reduce(Dataset::union).orElseThrow()
                    .groupBy(Keys.TABLE, Keys.KEY).agg(min(GROUP).as(GROUP));
            next = next.join(visited, next.col(Keys.TABLE).equalTo(visited.col(Keys.TABLE)).and(next.col(Keys.KEY).equalTo(visited.col(Keys.KEY))), "left_anti")
                    .localCheckpoint();
            if (next.isEmpty()) {
                return visited;
            }
            visited = visited.union(next).localCheckpoint();
            frontier = next;
        }
    }

    /**
     * For each row to restore, the roots it is reached from: down through a root's dependents, then
     * up to the parents those need, never through another root (a root is its own). Two customers'
     * rentals paid by one payment make that payment theirs both. A row reached only by a longer way
     * round keeps its group. Only restored roots count: a root a conflict holds back is in no row's
     * roots, and a row restored only for such a root has none (its parents that vanished with it are
     * restored all the same). (rb_table, rb_key, rb_roots)
     */
    Dataset<Row> sharing(Dataset<Row> restore, Dataset<Row> edges, Dataset<Row> rootNodes) {
        List<DriverClosure.Node> fewRestore = onDriver(edges) ? few(restore) : null;
        List<DriverClosure.Node> fewRoots = fewRestore != null ? few(rootNodes) : null;
        if (fewRoots != null) {
            List<Row> rows = new ArrayList<>();
            for (DriverClosure.Shared s : onDriver.sharing(fewRestore, fewRoots)) {
                rows.add(RowFactory.create(s.table(), s.key(), s.roots()));
            }
            return spark.createDataFrame(rows, SHARED);
        }
        Dataset<Row> rootKeys = rootNodes.select(col(Keys.TABLE).as("r_table"), col(Keys.KEY).as("r_key")).distinct();
        Dataset<Row> start = rootNodes.select(Keys.TABLE, Keys.KEY, GROUP).distinct()
                .join(restore.select(Keys.TABLE, Keys.KEY), new String[]{Keys.TABLE, Keys.KEY}, "left_semi");
        Dataset<Row> down = walk(start, edges, true, rootKeys);
        Dataset<Row> both = walk(down, edges, false, rootKeys);
        Dataset<Row> reached = both.join(restore.select(Keys.TABLE, Keys.KEY), new String[]{Keys.TABLE, Keys.KEY}, "left_semi")
                .groupBy(Keys.TABLE, Keys.KEY).agg(sort_array(collect_set(GROUP)).as(ROOTS));
        Dataset<Row> restoredGroups = start.select(col(GROUP).as("s_group")).distinct();
        Dataset<Row> rest = restore.join(reached, new String[]{Keys.TABLE, Keys.KEY}, "left_anti");
        rest = rest.join(restoredGroups, rest.col(GROUP).equalTo(restoredGroups.col("s_group")), "left_outer")
                .select(col(Keys.TABLE), col(Keys.KEY),
                        when(col("s_group").isNull(), array().cast(DataTypes.createArrayType(DataTypes.StringType)))
                                .otherwise(array(col(GROUP))).as(ROOTS));
        return reached.unionByName(rest).localCheckpoint();
    }

    /** (node, group) pairs reached from the start along the edges in one direction, not entering another root. */
    private static Dataset<Row> walk(Dataset<Row> start, Dataset<Row> edges, boolean down, Dataset<Row> rootKeys) {
        Dataset<Row> visited = start.localCheckpoint();
        Dataset<Row> frontier = visited;
        while (true) {
            Dataset<Row> next = down
                    ? frontier.join(edges, frontier.col(Keys.TABLE).equalTo(edges.col(P_TABLE)).and(frontier.col(Keys.KEY).equalTo(edges.col(P_KEY))))
                    .select(edges.col(C_TABLE).as(Keys.TABLE), edges.col(C_KEY).as(Keys.KEY), frontier.col(GROUP))
                    : frontier.join(edges, frontier.col(Keys.TABLE).equalTo(edges.col(C_TABLE)).and(frontier.col(Keys.KEY).equalTo(edges.col(C_KEY))))
                    .select(edges.col(P_TABLE).as(Keys.TABLE), edges.col(P_KEY).as(Keys.KEY), frontier.col(GROUP));
            next = next.distinct();
            next = next.join(rootKeys, next.col(Keys.TABLE).equalTo(rootKeys.col("r_table")).and(next.col(Keys.KEY).equalTo(rootKeys.col("r_key"))), "left_anti");
            next = next.join(visited, new String[]{Keys.TABLE, Keys.KEY, GROUP}, "left_anti").localCheckpoint();
            if (next.isEmpty()) {
                return visited;
            }
            visited = visited.union(next).localCheckpoint();
            frontier = next;
        }
    }

    /** Nodes of the same key in the tables of each node's inheritance family, restricted to the candidates. */
    Dataset<Row> withFamily(Dataset<Row> nodes, Dataset<Row> candidates) {
        List<Row> pairs = new ArrayList<>();
        families.forEach((t, members) -> members.forEach(m -> pairs.add(RowFactory.create(t, m))));
        if (pairs.isEmpty()) {
            return nodes;
        }
        Dataset<Row> family = spark.createDataFrame(pairs, new StructType().add("f_from", DataTypes.StringType).add("f_to", DataTypes.StringType));
        Dataset<Row> members = nodes.join(family, nodes.col(Keys.TABLE).equalTo(family.col("f_from")))
                .select(family.col("f_to").as(Keys.TABLE), nodes.col(Keys.KEY), nodes.col(GROUP));
        // joined by column names: the nodes may come from the candidates (a drifted table's rows held back), and a
        // condition on two columns of one lineage is ambiguous to Spark
        members = members.join(candidates.select(Keys.TABLE, Keys.KEY), new String[]{Keys.TABLE, Keys.KEY}, "left_semi");
        Dataset<Row> all = nodes.union(members).groupBy(Keys.TABLE, Keys.KEY).agg(min(GROUP).as(GROUP));
        return all;
    }

    /**
     * What a conflict holds back: the conflicting rows, the rows of the same entity in its
     * inheritance family, and every row to restore that needs one of them, transitively.
     */
    Dataset<Row> heldBack(Dataset<Row> conflicts, Dataset<Row> restore, Dataset<Row> edges) {
        List<DriverClosure.Node> fewConflicts = onDriver(edges) ? few(conflicts) : null;
        List<DriverClosure.Node> fewRestore = fewConflicts != null ? few(restore) : null;
        if (fewRestore != null) {
            return nodes(onDriver.heldBack(fewConflicts, fewRestore));
        }
        Dataset<Row> held = withFamily(conflicts, restore);
        while (true) {
            Dataset<Row> more = withFamily(reach(held, edges, false, true), restore);
            more = more.join(restore.select(Keys.TABLE, Keys.KEY), new String[]{Keys.TABLE, Keys.KEY}, "left_semi").localCheckpoint();
            if (more.count() == held.count()) {
                return more;
            }
            held = more;
        }
    }

    static Dataset<Row> minus(Dataset<Row> nodes, Dataset<Row> removed) {
        return nodes.join(removed, nodes.col(Keys.TABLE).equalTo(removed.col(Keys.TABLE)).and(nodes.col(Keys.KEY).equalTo(removed.col(Keys.KEY))), "left_anti");
    }

    static Set<String> tablesOf(Dataset<Row> nodes) {
        return new java.util.TreeSet<>(nodes.select(Keys.TABLE).distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    }
}

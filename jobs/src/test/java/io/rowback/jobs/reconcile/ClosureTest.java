package io.rowback.jobs.reconcile;

import io.rowback.jobs.testing.SparkExtension;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The closure's walks give the same nodes, groups and roots on the driver as in Spark: on a case
 * worked by hand, and on random graphs with cycles, shared rows, inheritance families, duplicate
 * start nodes and keys whose order differs between UTF-16 and UTF-8.
 */
class ClosureTest {
    private static final Map<String, List<String>> FAMILY = Map.of("partner", List.of("person"), "person", List.of("partner"));

    private static DriverClosure.Node node(String table, String key, String group) {
        return new DriverClosure.Node(table, key, group);
    }

    @Test
    void twoCustomersRentalsPaidByOnePaymentShareIt() {
        // customer a and b (roots); rental r1 of a, r2 of b; payment p pays r1 and r2; store s is their parent
        List<String[]> edges = List.of(new String[]{"rental", "r1", "customer", "a"}, new String[]{"rental", "r2", "customer", "b"},
                new String[]{"payment", "p", "rental", "r1"}, new String[]{"payment", "p", "rental", "r2"},
                new String[]{"customer", "a", "store", "s"}, new String[]{"customer", "b", "store", "s"});
        DriverClosure c = new DriverClosure(edges, Map.of());
        List<DriverClosure.Node> roots = List.of(node("customer", "a", "customer a"), node("customer", "b", "customer b"));
        List<DriverClosure.Node> reached = c.reach(roots, true, true);
        assertEquals(new TreeSet<>(List.of("customer a customer a", "customer b customer b", "rental r1 customer a", "rental r2 customer b",
                "store s customer a", "payment p customer a")), texts(reached));
        TreeSet<String> shared = new TreeSet<>();
        c.sharing(reached, roots).forEach(s -> shared.add(s.table() + " " + s.key() + " " + s.roots()));
        // down from a root, then up to what the rows reached need: the payment makes both rentals needed by both customers
        assertEquals(new TreeSet<>(List.of("customer a [customer a]", "customer b [customer b]", "rental r1 [customer a, customer b]",
                "rental r2 [customer a, customer b]", "payment p [customer a, customer b]", "store s [customer a, customer b]")), shared);
        // a conflict on r2 holds back r2 and the payment that needs it, not the rest
        assertEquals(new TreeSet<>(List.of("rental r2 x", "payment p x")), texts(c.heldBack(List.of(node("rental", "r2", "x")), reached)));
    }

    @Test
    void leastGroupIsTakenInSparksOrder() {
        // U+FF21 comes before U+1F600 in code points (Spark's order), after it in UTF-16 units (0xD83D < 0xFF21)
        String bmp = "t \uFF21";
        String astral = "t \uD83D\uDE00";
        assertTrue(DriverClosure.SPARK_ORDER.compare(bmp, astral) < 0);
        assertTrue(bmp.compareTo(astral) > 0);
        DriverClosure c = new DriverClosure(List.<String[]>of(new String[]{"c", "1", "t", "A"}, new String[]{"c", "1", "t", "B"}), Map.of());
        List<DriverClosure.Node> out = c.reach(List.of(node("t", "A", astral), node("t", "B", bmp)), false, true);
        assertEquals(new TreeSet<>(List.of("t A " + astral, "t B " + bmp, "c 1 " + bmp)), texts(out));
    }

    @Test
    void randomGraphsGiveTheSameNodesOnTheDriverAsInSpark() {
        SparkSession spark = SparkExtension.spark();
        String[] tables = {"partner", "person", "note", "event", "aid"};
        String[] keys = {"{\"k0\":1}", "{\"k0\":2}", "{\"k0\":\"\uFF21\"}", "{\"k0\":\"\uD83D\uDE00\"}", "{\"k0\":3}", "{\"k0\":10}"};
        long heldBack = 0;
        long sharedRows = 0;
        for (long seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            List<Row> edgeRows = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                edgeRows.add(RowFactory.create(tables[random.nextInt(tables.length)], keys[random.nextInt(keys.length)],
                        tables[random.nextInt(tables.length)], keys[random.nextInt(keys.length)]));
            }
            List<Row> rootRows = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String key = keys[random.nextInt(keys.length)];
                rootRows.add(RowFactory.create("partner", key, "partner " + key));
            }
            rootRows.add(rootRows.get(0)); // a copy of a row of a table without primary key
            Dataset<Row> rawEdges = spark.createDataFrame(edgeRows, Closure.EDGE);
            Dataset<Row> roots = spark.createDataFrame(rootRows, Closure.NODE);

            Closure inSpark = new Closure(spark, null, Map.of(), FAMILY, 0);
            Closure onDriver = new Closure(spark, null, Map.of(), FAMILY, 1000);
            Dataset<Row> sparkEdges = inSpark.edges(rawEdges);
            Dataset<Row> driverEdges = onDriver.edges(rawEdges);
            assertTrue(!inSpark.onDriver(sparkEdges) && onDriver.onDriver(driverEdges), "seed " + seed);

            Dataset<Row> connectedS = inSpark.reach(roots, sparkEdges, true, true);
            Dataset<Row> connectedD = onDriver.reach(roots, driverEdges, true, true);
            assertEquals(rows(connectedS), rows(connectedD), "reach, seed " + seed);
            assertTrue(connectedS.count() > roots.count(), "the graph of seed " + seed + " reaches beyond its roots");

            Dataset<Row> seeds = connectedS.where(org.apache.spark.sql.functions.col(Keys.TABLE).isin("person", "aid")).limit(2);
            Dataset<Row> heldS = inSpark.heldBack(seeds, connectedS, sparkEdges);
            Dataset<Row> heldD = onDriver.heldBack(seeds, connectedS, driverEdges);
            assertEquals(rows(heldS), rows(heldD), "held back, seed " + seed);
            heldBack += heldS.count();

            Dataset<Row> restore = Closure.minus(connectedS, heldS);
            Dataset<Row> sharing = inSpark.sharing(restore, sparkEdges, roots);
            assertEquals(rows(sharing), rows(onDriver.sharing(restore, driverEdges, roots)), "sharing, seed " + seed);
            sharedRows += sharing.where(org.apache.spark.sql.functions.size(org.apache.spark.sql.functions.col(Closure.ROOTS)).gt(1)).count();
        }
        assertTrue(heldBack > 0 && sharedRows > 0, "the graphs hold rows held back (" + heldBack + ") and rows several roots share (" + sharedRows + ")");
    }

    private static TreeSet<String> texts(List<DriverClosure.Node> nodes) {
        TreeSet<String> out = new TreeSet<>();
        nodes.forEach(n -> out.add(n.table() + " " + n.key() + " " + n.group()));
        assertEquals(out.size(), nodes.size(), "no node twice: " + nodes);
        return out;
    }

    /** The rows as a sorted multiset of their texts. */
    private static List<String> rows(Dataset<Row> d) {
        List<String> out = new ArrayList<>();
        for (Row r : d.collectAsList()) {
            out.add(r.mkString(" | "));
        }
        out.sort(null);
        return out;
    }
}

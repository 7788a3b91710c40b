package io.rowback.jobs.bench;

import io.rowback.catalog.Catalog;
import io.rowback.catalog.Column;
import io.rowback.catalog.ForeignKey;
import io.rowback.catalog.Key;
import io.rowback.catalog.Table;
import io.rowback.spark.SparkSessions;
import io.rowback.store.CatalogStore;
import io.rowback.store.RunRecord;
import io.rowback.store.RunsLog;
import io.rowback.store.SnapshotWriter;
import io.rowback.store.WarehouseLayout;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;

/**
 * Writes two snapshots for scripts/bench-reconcile straight into a warehouse, as the snapshot job
 * would have: an incident-shaped schema with {@code partners} partners and about ten rows per
 * partner in all tables, and on the second date 1% of the partners gone with their dependent rows.
 * <pre>ReconcileBenchmark WAREHOUSE PARTNERS</pre>
 */
public final class ReconcileBenchmark {
    static final LocalDate D1 = LocalDate.of(2015, 6, 5);
    static final LocalDate D2 = LocalDate.of(2015, 6, 12);

    private ReconcileBenchmark() {
    }

    public static void main(String[] args) {
        String warehouse = args[0];
        long partners = Long.parseLong(args[1]);
        SparkSession spark = SparkSessions.create("rowback bench-reconcile generator");
        WarehouseLayout layout = new WarehouseLayout(warehouse, "bench");
        Map<String, Dataset<Row>> d1 = tables(spark, partners);
        Catalog catalog = catalog();
        for (LocalDate date : List.of(D1, D2)) {
            new CatalogStore(spark, layout).write(date, catalog);
            List<RunRecord> runs = new ArrayList<>();
            for (Map.Entry<String, Dataset<Row>> t : d1.entrySet()) {
                Dataset<Row> rows = date.equals(D1) ? t.getValue() : t.getValue().where(expr(survives(t.getKey())));
                SnapshotWriter.Written w = new SnapshotWriter(spark).write(rows, layout.tablePath(t.getKey()), date, true);
                runs.add(new RunRecord(date, t.getKey(), true, w.rows(), w.bytes(), 0, null));
                System.out.printf("%s %-10s %,12d rows%n", date, t.getKey(), w.rows());
            }
            new RunsLog(spark, layout).record(runs);
        }
    }

    /** The rows of a table that are still there on D2: every partner with id % 100 = 42 (a client) is gone with its rows. */
    static String survives(String table) {
        return switch (table) {
            case "partner" -> "id % 100 <> 42";
            case "person" -> "partner_ptr_id % 100 <> 42";
            case "client" -> "person_ptr_id % 100 <> 42";
            case "note" -> "owner_id % 100 <> 42";
            case "event", "coaching" -> "client_id % 100 <> 42";
            case "guest" -> "partner_id % 100 <> 42 AND (event_id DIV 3) % 100 <> 42";
            case "word" -> "owner_id % 100 <> 42";
            default -> "true";
        };
    }

    static Map<String, Dataset<Row>> tables(SparkSession spark, long n) {
        Map<String, Dataset<Row>> t = new LinkedHashMap<>();
        t.put("partner", spark.range(1, n + 1).toDF("id").select(col("id").cast("int").as("id"),
                concat(lit("Partner "), col("id")).as("name"), expr("cast(id % 500 + 1 as int)").as("city_id"),
                expr("timestamp_seconds(1262304000 + id * 60)").as("created")));
        t.put("person", spark.range(1, n + 1).where("id % 5 <> 0").select(col("id").cast("int").as("partner_ptr_id"),
                concat(lit("First"), expr("cast(id % 97 as string)")).as("first_name"), concat(lit("Last"), expr("cast(id % 89 as string)")).as("last_name"),
                date_add(lit(LocalDate.of(1940, 1, 1)), expr("cast(id % 20000 as int)")).as("birth_date")));
        t.put("client", spark.range(1, n + 1).where("id % 5 <> 0 AND id % 2 = 0").select(col("id").cast("int").as("person_ptr_id"),
                lpad(col("id").cast("string"), 12, "0").as("national_id"), expr("CASE WHEN id % 3 = 0 THEN 'former' ELSE 'coached' END").as("client_state")));
        Dataset<Row> clients = spark.range(1, n + 1).where("id % 5 <> 0 AND id % 2 = 0").select(col("id").as("c"));
        t.put("note", clients.selectExpr("explode(sequence(0L, 7L)) AS k", "c").select(expr("cast(c * 8 + k as int)").as("id"),
                lit(42).as("owner_type_id"), col("c").cast("int").as("owner_id"), concat(lit("Note "), col("k")).as("subject"),
                lit("Client says it is fine").as("body")));
        t.put("event", clients.selectExpr("explode(sequence(0L, 2L)) AS k", "c").select(expr("cast(c * 3 + k as int)").as("id"),
                col("c").cast("int").as("client_id"), date_add(lit(D1), expr("cast(-(c % 900) as int)")).as("start_date"), lit("Meeting").as("summary")));
        t.put("guest", clients.selectExpr("explode(sequence(0L, 5L)) AS k", "c").select(expr("cast(c * 6 + k as int)").as("id"),
                expr("cast(c * 3 + k % 3 as int)").as("event_id"), expr("cast(CASE WHEN k < 3 THEN c ELSE (c DIV 5) * 5 + 5 END as int)").as("partner_id"),
                lit("invited").as("state")));
        t.put("coaching", clients.select(col("c").cast("int").as("id"), col("c").cast("int").as("client_id"), lit(3).as("user_id")));
        t.put("word", clients.selectExpr("explode(sequence(0L, 1L)) AS k", "c").select(expr("cast(c * 2 + k as int)").as("id"),
                col("c").cast("int").as("owner_id"), concat(lit("w"), col("k")).as("word")));
        return t;
    }

    static Column c(String name, String sparkType, boolean nullable) {
        return new Column(name, 0, sparkType.toLowerCase(), sparkType.toLowerCase(), nullable, false, false, -1, sparkType, false);
    }

    static ForeignKey fk(String table, String column, String ref, String refColumn) {
        return new ForeignKey(table + "_" + column, table, List.of(column), ref, List.of(refColumn), Map.of(), true);
    }

    static Catalog catalog() {
        return new Catalog(List.of(
                new Table("partner", false, -1, List.of(c("id", "INT", false), c("name", "STRING", false), c("city_id", "INT", true),
                        c("created", "TIMESTAMP", false)), new Key("PRIMARY", List.of("id")), List.of(), List.of()),
                new Table("person", false, -1, List.of(c("partner_ptr_id", "INT", false), c("first_name", "STRING", false),
                        c("last_name", "STRING", false), c("birth_date", "DATE", true)), new Key("PRIMARY", List.of("partner_ptr_id")), List.of(),
                        List.of(fk("person", "partner_ptr_id", "partner", "id"))),
                new Table("client", false, -1, List.of(c("person_ptr_id", "INT", false), c("national_id", "STRING", true),
                        c("client_state", "STRING", false)), new Key("PRIMARY", List.of("person_ptr_id")),
                        List.of(new Key("national_id", List.of("national_id"))), List.of(fk("client", "person_ptr_id", "person", "partner_ptr_id"))),
                new Table("note", false, -1, List.of(c("id", "INT", false), c("owner_type_id", "INT", true), c("owner_id", "INT", true),
                        c("subject", "STRING", true), c("body", "STRING", true)), new Key("PRIMARY", List.of("id")), List.of(), List.of()),
                new Table("event", false, -1, List.of(c("id", "INT", false), c("client_id", "INT", true), c("start_date", "DATE", false),
                        c("summary", "STRING", true)), new Key("PRIMARY", List.of("id")), List.of(), List.of(fk("event", "client_id", "client", "person_ptr_id"))),
                new Table("guest", false, -1, List.of(c("id", "INT", false), c("event_id", "INT", false), c("partner_id", "INT", false),
                        c("state", "STRING", true)), new Key("PRIMARY", List.of("id")), List.of(),
                        List.of(fk("guest", "event_id", "event", "id"), fk("guest", "partner_id", "partner", "id"))),
                new Table("coaching", false, -1, List.of(c("id", "INT", false), c("client_id", "INT", false), c("user_id", "INT", false)),
                        new Key("PRIMARY", List.of("id")), List.of(), List.of(fk("coaching", "client_id", "client", "person_ptr_id"))),
                new Table("word", false, -1, List.of(c("id", "INT", false), c("owner_id", "INT", false), c("word", "STRING", false)),
                        new Key("PRIMARY", List.of("id")), List.of(), List.of(fk("word", "owner_id", "client", "person_ptr_id")))));
    }
}

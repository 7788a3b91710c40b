package io.rowback.dist;

import io.rowback.jobs.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The -all jar on a classpath of exactly spark-sql's own dependencies (a Spark home with nothing added)
 * runs rowback: --help, and snapshot then sql on a real database through SparkSubmit.
 */
abstract class AllJarIT {
    @TempDir
    Path dir;

    abstract TestDatabase database();

    private List<String> java(String... tail) throws Exception {
        List<String> c = new ArrayList<>();
        c.add(Dist.java());
        c.addAll(Dist.javaOptions());
        c.add("-cp");
        c.add(Dist.userClasspath());
        c.addAll(List.of(tail));
        return c;
    }

    private List<String> submit(String... args) throws Exception {
        List<String> c = java("org.apache.spark.deploy.SparkSubmit", "--master", "local[2]",
                "--conf", "spark.ui.enabled=false", "--class", "io.rowback.jobs.RowbackJob", Dist.allJar().toString());
        c.addAll(List.of(args));
        return c;
    }

    @Test
    void runsOnSparksOwnClasspath() throws Exception {
        Dist.Run help = Dist.run(java("io.rowback.jobs.RowbackJob", "--help"), Map.of(), dir, 120);
        assertEquals(0, help.exit(), help::toString);
        assertTrue(help.out().contains("snapshot") && help.out().contains("reconcile"), help::toString);

        try (TestDatabase db = database()) {
            db.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL UNIQUE, note VARCHAR(50))",
                    "INSERT INTO customer VALUES (1, 'a@example.org', 'first'), (2, 'b@example.org', NULL), (3, 'c@example.org', 'third')",
                    "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NOT NULL REFERENCES customer(id), amount DECIMAL(10,2))",
                    "INSERT INTO orders VALUES (10, 1, 12.50), (11, 3, 7.25)");
            Path config = dir.resolve("rowback.yaml");
            Files.writeString(config, "warehouse: " + dir.resolve("warehouse") + "\nsources:\n  src:\n" + db.sourceYaml());

            Dist.Run snap = Dist.run(submit("snapshot", "--config", config.toString(), "--date", "2026-01-01"), Map.of(), dir, 600);
            assertEquals(0, snap.exit(), snap::toString);
            assertTrue(Files.isDirectory(dir.resolve("warehouse/src/customer/_delta_log")), snap::toString);

            Dist.Run sql = Dist.run(submit("sql", "--config", config.toString(), "--format", "csv",
                    "SELECT c.id, c.email, sum(o.amount) AS total FROM customer c LEFT JOIN orders o ON o.customer_id = c.id"
                            + " AND o.snapshot_date = c.snapshot_date WHERE c.snapshot_date = DATE'2026-01-01' GROUP BY c.id, c.email ORDER BY c.id"),
                    Map.of(), dir, 600);
            assertEquals(0, sql.exit(), sql::toString);
            assertEquals(List.of("id,email,total", "1,a@example.org,12.50", "2,b@example.org,", "3,c@example.org,7.25"),
                    sql.out().strip().lines().toList(), sql::toString);
        }
    }
}

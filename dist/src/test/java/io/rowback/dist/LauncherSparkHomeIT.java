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
 * scripts/rowback with SPARK_HOME set: it hands the -all jar to that home's bin/spark-submit, and
 * snapshot and sql run on a Spark home holding nothing but Spark's own jars ({@link Dist#sparkHome}).
 */
abstract class LauncherSparkHomeIT {
    @TempDir
    Path dir;

    abstract TestDatabase database();

    private List<String> launcher(String... args) {
        List<String> c = new ArrayList<>();
        c.add(Dist.projectRoot().resolve("scripts/rowback").toString());
        c.addAll(List.of(args));
        return c;
    }

    @Test
    void runsThroughTheSparkHomesSparkSubmit() throws Exception {
        Path home = Dist.sparkHome();
        Files.deleteIfExists(home.resolve("submitted.txt"));
        Map<String, String> env = Map.of("SPARK_HOME", home.toString(), "JAVA_HOME", System.getProperty("java.home"));
        try (TestDatabase db = database()) {
            db.execute("CREATE TABLE customer (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL, note VARCHAR(50))",
                    "INSERT INTO customer VALUES (1, 'a@example.org', 'first'), (2, 'b@example.org', NULL)");
            Path config = dir.resolve("rowback.yaml");
            Files.writeString(config, "warehouse: " + dir.resolve("warehouse") + "\nsources:\n  src:\n" + db.sourceYaml());

            Dist.Run snap = Dist.run(launcher("snapshot", "--config", config.toString(), "--date", "2026-01-01",
                    "--conf", "spark.ui.enabled=false"), env, dir, 600);
            assertEquals(0, snap.exit(), snap::toString);
            assertTrue(Files.isDirectory(dir.resolve("warehouse/src/customer/_delta_log")), snap::toString);

            Dist.Run sql = Dist.run(launcher("sql", "--config", config.toString(), "--format", "csv",
                    "SELECT id, email, note, snapshot_date FROM customer ORDER BY id"), env, dir, 600);
            assertEquals(0, sql.exit(), sql::toString);
            assertEquals(List.of("id,email,note,snapshot_date", "1,a@example.org,first,2026-01-01", "2,b@example.org,,2026-01-01"),
                    sql.out().strip().lines().toList(), sql::toString);
        }
        // both commands went through the home's spark-submit, with the -all jar and the time zone for driver and executors
        List<String> submitted = Files.readAllLines(home.resolve("submitted.txt"));
        assertEquals(2, submitted.size(), submitted::toString);
        for (String s : submitted) {
            assertTrue(s.startsWith("--class io.rowback.jobs.RowbackJob "), s);
            assertTrue(s.contains("spark.driver.extraJavaOptions=-Duser.timezone=UTC") && s.contains("spark.executor.extraJavaOptions=-Duser.timezone=UTC"), s);
            assertTrue(s.contains(Dist.allJar().toString()), s);
        }
        assertTrue(submitted.get(0).endsWith("snapshot --config " + dir.resolve("rowback.yaml") + " --date 2026-01-01"), submitted.get(0));
    }
}

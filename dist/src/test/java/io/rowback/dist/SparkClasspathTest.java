package io.rowback.dist;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The classpath the build writes for the launcher is Spark's, and the -all jar holds only what Spark lacks. */
class SparkClasspathTest {
    /** artifactId -> version, from the local repository's layout (.../artifactId/version/file.jar). */
    private static Map<String, String> artifacts(List<Path> jars) {
        Map<String, String> m = new HashMap<>();
        for (Path j : jars) {
            m.put(j.getParent().getParent().getFileName().toString(), j.getParent().getFileName().toString());
        }
        return m;
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertTrue(m.find(), name + " in Spark's parent pom");
        return m.group(1).strip();
    }

    @Test
    void holdsSparkAloneAtSparksOwnVersions() throws IOException {
        List<Path> cp = Dist.sparkClasspath();
        for (Path j : cp) {
            assertTrue(Files.isRegularFile(j), j + " exists");
            String name = j.getFileName().toString();
            for (String testLib : List.of("junit", "scalatest", "spark-testing-base", "scalacheck", "opentest4j", "mockito")) {
                assertFalse(name.contains(testLib), "a test library on the launcher's classpath: " + j);
            }
            assertFalse(name.startsWith("rowback-"), "rowback comes from the -all jar only: " + j);
        }
        Map<String, String> a = artifacts(cp);
        Path sparkCore = cp.stream().filter(p -> p.getFileName().toString().startsWith("spark-core_")).findFirst().orElseThrow();
        String sparkVersion = sparkCore.getParent().getFileName().toString();
        String scalaBinary = sparkCore.getParent().getParent().getFileName().toString().replace("spark-core_", "");
        // the versions Spark's own build declares, next to spark-core in the local repository
        Path parentPom = sparkCore.getParent().getParent().getParent()
                .resolve("spark-parent_" + scalaBinary).resolve(sparkVersion).resolve("spark-parent_" + scalaBinary + "-" + sparkVersion + ".pom");
        String pom = Files.readString(parentPom);
        String netty = property(pom, "netty.version");
        String scala = property(pom, "scala.version");
        assertEquals(scala, a.get("scala-library"), "scala-library");
        assertEquals(scala, a.get("scala-reflect"), "scala-reflect");
        int nettyJars = 0;
        for (Path j : cp) {
            String artifact = j.getParent().getParent().getFileName().toString();
            if (j.toString().contains("/io/netty/") && artifact.startsWith("netty-") && !artifact.startsWith("netty-tcnative")) {
                assertEquals(netty, j.getParent().getFileName().toString(), "version of " + j);
                nettyJars++;
            }
        }
        assertTrue(nettyJars > 5, "Spark's netty on the classpath: " + nettyJars + " jars");
        assertEquals(sparkVersion, a.get("spark-sql_" + scalaBinary));
        assertFalse(a.containsKey("snakeyaml"), "spark-sql brings no snakeyaml: the -all jar must carry it");
    }

    @Test
    void launcherRunsTheAllJarOnThisClasspath() throws IOException {
        String launcher = Files.readString(Dist.projectRoot().resolve("scripts/rowback"));
        assertTrue(launcher.contains("cp=\"$(fat_jar):$(cat \"$root/dist/target/classpath.txt\")\""), "scripts/rowback's local classpath");
    }

    @Test
    void allJarHoldsNoClassSparkHas() throws IOException {
        TreeSet<String> spark = new TreeSet<>();
        for (Path j : Dist.sparkClasspath()) {
            try (ZipFile z = new ZipFile(j.toFile())) {
                z.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/")).forEach(spark::add);
            }
        }
        TreeSet<String> both = new TreeSet<>();
        TreeSet<String> mine = new TreeSet<>();
        try (ZipFile z = new ZipFile(Dist.allJar().toFile())) {
            z.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/")).forEach(n -> {
                mine.add(n);
                if (spark.contains(n)) {
                    both.add(n);
                }
            });
        }
        assertTrue(both.isEmpty(), both.size() + " classes of the -all jar are Spark's too, e.g. " + both.stream().limit(10).toList());
        for (String needed : List.of("io/rowback/jobs/RowbackJob.class", "io/delta/tables/DeltaTable.class",
                "org/mariadb/jdbc/Driver.class", "org/postgresql/Driver.class", "org/h2/Driver.class",
                "picocli/CommandLine.class", "io/rowback/shaded/snakeyaml/Yaml.class", "io/rowback/shaded/jackson/yaml/YAMLFactory.class")) {
            assertTrue(mine.contains(needed), needed + " in the -all jar");
        }
        assertFalse(mine.stream().anyMatch(n -> n.startsWith("org/yaml/")), "snakeyaml is relocated");
    }
}

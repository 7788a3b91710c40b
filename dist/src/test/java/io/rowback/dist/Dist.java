package io.rowback.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the build lays out: Spark's own classpath (dist/target/classpath.txt) and the -all jar. */
final class Dist {
    private Dist() {
    }

    static Path projectRoot() {
        String root = System.getenv("ROWBACK_PROJECT_ROOT");
        Path p = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
        if (!Files.isRegularFile(p.resolve("dist/pom.xml"))) {
            throw new IllegalStateException("not the project root: " + p);
        }
        return p;
    }

    /** spark-sql's runtime dependencies, as the build resolved them. */
    static List<Path> sparkClasspath() throws IOException {
        Path file = projectRoot().resolve("dist/target/classpath.txt");
        String text = Files.readString(file).strip();
        return Arrays.stream(text.split(":")).map(Path::of).toList();
    }

    static Path allJar() throws IOException {
        try (var s = Files.list(projectRoot().resolve("jobs/target"))) {
            return s.filter(p -> p.getFileName().toString().matches("rowback-jobs-.*-all\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no -all jar in jobs/target: run mvn package"));
        }
    }

    /** Spark's classpath and the -all jar, nothing else: what a user's Spark home with rowback holds. */
    static String userClasspath() throws IOException {
        List<String> cp = new ArrayList<>();
        cp.add(allJar().toString());
        sparkClasspath().forEach(p -> cp.add(p.toString()));
        return String.join(":", cp);
    }

    static List<String> javaOptions() {
        String opens = System.getProperty("spark.java.opens", "");
        List<String> o = new ArrayList<>(Arrays.asList(opens.strip().split("\\s+")));
        o.removeIf(String::isEmpty);
        o.add("-Duser.timezone=UTC");
        o.add("-Dfile.encoding=UTF-8");
        o.add("-Xmx1g");
        o.add("-Dlog4j2.configurationFile=file:" + projectRoot().resolve("conf/log4j2.properties"));
        return o;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Run run(List<String> command, Map<String, String> env, Path dir, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command)
                    + "\n" + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}

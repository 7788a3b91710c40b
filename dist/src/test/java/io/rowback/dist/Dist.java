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

    /**
     * A Spark home as a distribution lays it out, made of spark-sql's own dependency list: jars/ (links
     * to those jars), conf/, and bin/spark-submit and bin/spark-class doing what Spark's own do (the
     * command is built by the launcher library's Main, with Spark's Java 17 options). bin/spark-submit
     * also appends its arguments to submitted.txt in the home, so a test can see it was called. It is
     * laid out once in dist/target (a temporary folder would warn of every link it deletes).
     */
    static synchronized Path sparkHome() throws IOException {
        Path home = Files.createDirectories(projectRoot().resolve("dist/target/spark-home"));
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (Path j : sparkClasspath()) {
            Path link = jars.resolve(j.getFileName());
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, j);
            }
        }
        String scala = scalaVersion();
        Files.createDirectories(home.resolve("conf"));
        Path bin = Files.createDirectories(home.resolve("bin"));
        // as Spark's bin/spark-class: the launcher prints the command, NUL-separated, and its own exit status last
        script(bin.resolve("spark-class"), String.join("\n",
                "#!/usr/bin/env bash",
                "export SPARK_HOME=\"$(cd \"$(dirname \"$0\")/..\" && pwd)\"",
                "export SPARK_SCALA_VERSION=\"${SPARK_SCALA_VERSION:-" + scala + "}\"",
                "RUNNER=\"${JAVA_HOME:+$JAVA_HOME/bin/}java\"",
                "build_command() { \"$RUNNER\" -Xmx128m -cp \"$SPARK_HOME/jars/*\" org.apache.spark.launcher.Main \"$@\"; printf '%d\\0' $?; }",
                // Main prints its messages, a line holding NUL, then the command with NUL after each part
                "CMD=(); DELIM=$'\\n'; STARTED=false",
                "while IFS= read -d \"$DELIM\" -r ARG; do",
                "  if [ $STARTED = true ]; then CMD+=(\"$ARG\"); elif [ \"$ARG\" = $'\\0' ]; then DELIM=''; STARTED=true; elif [ -n \"$ARG\" ]; then echo \"$ARG\"; fi",
                "done < <(build_command \"$@\")",
                "COUNT=${#CMD[@]}; LAST=$((COUNT - 1)); STATUS=${CMD[$LAST]}",
                "[ \"$STATUS\" = 0 ] || exit \"$STATUS\"",
                "exec \"${CMD[@]:0:$LAST}\"", ""));
        script(bin.resolve("spark-submit"), String.join("\n",
                "#!/usr/bin/env bash",
                "home=\"$(cd \"$(dirname \"$0\")/..\" && pwd)\"",
                "printf '%s\\n' \"$*\" >> \"$home/submitted.txt\"",
                "exec \"$home/bin/spark-class\" org.apache.spark.deploy.SparkSubmit \"$@\"", ""));
        return home;
    }

    /** The Scala line of spark-sql's classpath (2.12, 2.13): Spark's launcher needs it as SPARK_SCALA_VERSION outside a source tree. */
    static String scalaVersion() throws IOException {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("scala-library-(\\d+\\.\\d+)\\..*\\.jar");
        for (Path j : sparkClasspath()) {
            java.util.regex.Matcher m = p.matcher(j.getFileName().toString());
            if (m.matches()) {
                return m.group(1);
            }
        }
        throw new IllegalStateException("no scala-library on spark-sql's classpath: " + sparkClasspath());
    }

    private static void script(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
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

package io.rowback.dist;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on 127.0.0.1: a master and workers, each a JVM of its own started from
 * {@link Dist#sparkHome()} (Spark's own jars), as sbin/start-master.sh and start-worker.sh would start
 * them. The workers launch their executors from that home, in processes of their own, under a time
 * zone that is not UTC (as a cluster's machines may be). {@link #close()} stops every process it
 * started and whatever those started, also after a failure (and from a shutdown hook if the test JVM
 * goes first).
 */
final class StandaloneCluster implements AutoCloseable {
    static final String WORKER_TIME_ZONE = "Pacific/Auckland";

    private final Path base;
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> workDirs = new ArrayList<>();
    private final Thread hook = new Thread(this::stop, "stop standalone cluster");
    private String masterUrl;
    private int webUiPort;

    private StandaloneCluster(Path base) {
        this.base = base;
    }

    static StandaloneCluster start(Path base, int workers) throws IOException, InterruptedException {
        StandaloneCluster c = new StandaloneCluster(base);
        Runtime.getRuntime().addShutdownHook(c.hook);
        try {
            c.startAll(workers);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void startAll(int workers) throws IOException, InterruptedException {
        Path home = Dist.sparkHome();
        int port = freePort();
        webUiPort = freePort();
        masterUrl = "spark://127.0.0.1:" + port;
        Map<String, String> env = Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", Dist.scalaVersion(),
                "JAVA_HOME", System.getProperty("java.home"), "SPARK_LOCAL_IP", "127.0.0.1", "TZ", WORKER_TIME_ZONE);
        launch("master", env, "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(webUiPort));
        for (int i = 1; i <= workers; i++) {
            Path work = Files.createDirectories(base.resolve("worker-" + i));
            workDirs.add(work);
            launch("worker-" + i, env, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
                    "--memory", "1g", "--work-dir", work.toString(), "--webui-port", String.valueOf(freePort()), masterUrl);
        }
        awaitAliveWorkers(workers, Duration.ofSeconds(90));
    }

    private void launch(String name, Map<String, String> env, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Dist.java());
        String opens = System.getProperty("spark.java.opens", "");
        for (String o : opens.strip().split("\\s+")) {
            if (!o.isEmpty()) {
                command.add(o);
            }
        }
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(Dist.sparkHome().resolve("jars") + "/*");
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(base.toFile());
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Path log = base.resolve(name + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        processes.add(pb.start());
    }

    private void awaitAliveWorkers(int workers, Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webUiPort + "/json/")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        Pattern alive = Pattern.compile("\"state\"\\s*:\\s*\"ALIVE\"");
        while (System.nanoTime() < deadline) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a process of the standalone cluster exited with " + p.exitValue() + "\n" + logs());
                }
            }
            try {
                String json = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = alive.matcher(json);
                int n = 0;
                while (m.find()) {
                    n++;
                }
                if (n >= workers) {
                    return;
                }
            } catch (IOException notYet) {
                // the master's web UI is not up yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the standalone cluster's " + workers + " workers did not register within " + timeout + "\n" + logs());
    }

    String masterUrl() {
        return masterUrl;
    }

    /** Every process this cluster started and their children (the executors): those still running. */
    List<ProcessHandle> running() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process p : processes) {
            p.descendants().forEach(all::add);
            all.add(p.toHandle());
        }
        return all.stream().filter(ProcessHandle::isAlive).toList();
    }

    /** Executor processes the workers started: process id and what it logged, one per executor folder (work/app-*&#47;N). */
    record ExecutorLog(int worker, long pid, String stderr) {
    }

    List<ExecutorLog> executorLogs() throws IOException {
        Pattern started = Pattern.compile("Started daemon with process name: (\\d+)@");
        List<ExecutorLog> out = new ArrayList<>();
        for (int i = 0; i < workDirs.size(); i++) {
            try (Stream<Path> s = Files.walk(workDirs.get(i))) {
                for (Path err : s.filter(p -> p.getFileName().toString().equals("stderr")).sorted().toList()) {
                    String text = Files.readString(err);
                    Matcher m = started.matcher(text);
                    out.add(new ExecutorLog(i + 1, m.find() ? Long.parseLong(m.group(1)) : -1, text));
                }
            }
        }
        return out;
    }

    String logs() {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.list(base)) {
            for (Path log : s.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                String text = Files.readString(log);
                b.append("--- ").append(log.getFileName()).append('\n').append(text, Math.max(0, text.length() - 4000), text.length());
            }
        } catch (IOException e) {
            b.append("(logs unreadable: ").append(e).append(')');
        }
        return b.toString();
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void stop() {
        List<ProcessHandle> all = running();
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception notYet) {
                h.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

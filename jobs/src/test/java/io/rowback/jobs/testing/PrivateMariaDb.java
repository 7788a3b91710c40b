package io.rowback.jobs.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A MariaDB server of the test's own, with a binlog (the machine's server runs without one): a data
 * directory made by mariadb-install-db in a temporary folder, mariadbd on a free port of 127.0.0.1,
 * root without password (--skip-grant-tables), stopped and deleted on close. When it cannot be
 * started the test fails; it never skips.
 */
public final class PrivateMariaDb implements AutoCloseable {
    private final Path dir;
    private final Process server;
    private final int port;

    private PrivateMariaDb(Path dir, Process server, int port) {
        this.dir = dir;
        this.server = server;
        this.port = port;
    }

    public static PrivateMariaDb startWithBinlog() throws Exception {
        Path dir = Files.createTempDirectory("rowback-mariadb-");
        Path data = dir.resolve("data");
        run(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + data, "--user=" + System.getProperty("user.name"),
                "--auth-root-authentication-method=normal", "--skip-test-db"), dir.resolve("install.log"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder("mariadbd", "--no-defaults", "--datadir=" + data, "--user=" + System.getProperty("user.name"),
                "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("sock"), "--pid-file=" + dir.resolve("pid"),
                "--log-bin=" + dir.resolve("binlog"), "--server-id=1", "--skip-grant-tables", "--innodb-buffer-pool-size=64M")
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        PrivateMariaDb m = new PrivateMariaDb(dir, p, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                String log = Files.readString(dir.resolve("server.log"), StandardCharsets.UTF_8);
                m.close();
                throw new IllegalStateException("mariadbd with --log-bin stopped at once (exit " + p.exitValue() + "): " + log);
            }
            try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", "root", "")) {
                return m;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        m.close();
        throw new IllegalStateException("mariadbd with --log-bin did not accept connections on port " + port + " within 60 s: " + last);
    }

    public int port() {
        return port;
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws Exception {
        server.destroy();
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}

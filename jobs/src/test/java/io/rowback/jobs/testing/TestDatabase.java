package io.rowback.jobs.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of its own on the real server of this machine (MariaDB root@127.0.0.1:3306 or
 * PostgreSQL postgres@127.0.0.1:5432), created with a random name and dropped on close. When the
 * server cannot be reached the test fails: these tests never skip.
 */
public abstract class TestDatabase implements AutoCloseable {
    protected final String name = "rbtest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    public static TestDatabase mariadb() {
        return new MariaDb(3306);
    }

    /** A database of its own on a MariaDB server of the test's own on 127.0.0.1:port (root, no password). */
    public static TestDatabase mariadb(int port) {
        return new MariaDb(port);
    }

    public static TestDatabase postgres() {
        return new Postgres();
    }

    public String name() {
        return name;
    }

    /** mariadb or postgresql: the folder of DDL under src/test/resources/ddl, and the demo's DDL. */
    public abstract String kind();

    public abstract String url();

    public abstract String user();

    /** Lines for the source in a rowback configuration (url, user, password, schema). */
    public String sourceYaml() {
        return "    url: \"" + url() + "\"\n    user: " + user() + "\n    password: \"\"\n";
    }

    public abstract Connection connect() throws SQLException;

    public void execute(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    public long count(String table) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The first column of the query's first row, as text; fails when there is no row. */
    public String single(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row: " + sql);
            }
            return rs.getString(1);
        }
    }

    public abstract String quote(String identifier);

    /** Runs a script of statements separated by ';' at line ends (a test resource). */
    public void runResource(String resource) throws SQLException, IOException {
        try (var in = TestDatabase.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            runScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    public void runScript(String script) throws SQLException {
        List<String> statements = new ArrayList<>();
        for (String part : script.split(";\\s*\\n")) {
            String sql = part.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + b + "\n").strip();
            if (!sql.isEmpty()) {
                statements.add(sql);
            }
        }
        execute(statements.toArray(new String[0]));
    }

    /** Loads the public Sakila sample database from ../shared/fixtures/sakila. */
    public abstract void loadSakila() throws Exception;

    protected static Path fixtures() {
        String root = System.getenv("ROWBACK_PROJECT_ROOT");
        Path base = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
        for (Path p = base; p != null; p = p.getParent()) {
            Path f = p.resolve("../shared/fixtures/sakila").normalize();
            if (Files.isDirectory(f)) {
                return f;
            }
        }
        throw new IllegalStateException("../shared/fixtures/sakila not found above " + base);
    }

    static void run(List<String> command, Path stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    static final class MariaDb extends TestDatabase {
        private final int port;

        MariaDb(int port) {
            this.port = port;
            try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", "root", "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
            } catch (SQLException e) {
                throw new IllegalStateException("MariaDB on 127.0.0.1:" + port + " (root, no password) is required by this test: " + e.getMessage(), e);
            }
        }

        @Override
        public String kind() {
            return "mariadb";
        }

        @Override
        public String url() {
            return "jdbc:mariadb://127.0.0.1:" + port + "/" + name;
        }

        @Override
        public String user() {
            return "root";
        }

        @Override
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url() + "?sessionVariables=time_zone='+00:00'", "root", "");
        }

        @Override
        public String quote(String identifier) {
            return "`" + identifier.replace("`", "``") + "`";
        }

        @Override
        public void loadSakila() throws Exception {
            Path f = fixtures();
            Path schema = Files.createTempFile("sakila-schema", ".sql");
            Path data = Files.createTempFile("sakila-data", ".sql");
            try {
                Files.writeString(schema, Files.readString(f.resolve("mysql-schema.sql"))
                        .replaceAll("(?m)^DROP SCHEMA IF EXISTS sakila;", "")
                        .replaceAll("(?m)^CREATE SCHEMA sakila;", "")
                        .replaceAll("(?m)^USE sakila;", "USE " + name + ";")
                        .replaceAll("\\bsakila\\.", name + "."));
                Files.writeString(data, Files.readString(f.resolve("mysql-data.sql")).replaceAll("(?m)^USE sakila;", "USE " + name + ";"));
                run(List.of("mariadb", "-uroot", "-h127.0.0.1", name), schema);
                run(List.of("mariadb", "-uroot", "-h127.0.0.1", name), data);
            } finally {
                Files.deleteIfExists(schema);
                Files.deleteIfExists(data);
            }
        }

        @Override
        public void close() throws SQLException {
            try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", "root", "");
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name);
            }
        }
    }

    static final class Postgres extends TestDatabase {
        Postgres() {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 (postgres, trust) is required by this test: " + e.getMessage(), e);
            }
        }

        @Override
        public String kind() {
            return "postgresql";
        }

        @Override
        public String url() {
            return "jdbc:postgresql://127.0.0.1:5432/" + name;
        }

        @Override
        public String user() {
            return "postgres";
        }

        @Override
        public String sourceYaml() {
            return super.sourceYaml() + "    schema: public\n";
        }

        @Override
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url(), "postgres", "");
        }

        @Override
        public String quote(String identifier) {
            return "\"" + identifier.replace("\"", "\"\"") + "\"";
        }

        @Override
        public void loadSakila() throws Exception {
            Path f = fixtures();
            run(List.of("psql", "-X", "-q", "-U", "postgres", "-h", "127.0.0.1", "-d", name, "-v", "ON_ERROR_STOP=1",
                    "-f", f.resolve("postgres-schema.sql").toString(), "-f", f.resolve("postgres-data.sql").toString()), null);
        }

        @Override
        public void close() throws SQLException {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}

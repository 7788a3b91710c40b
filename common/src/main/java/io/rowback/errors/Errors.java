package io.rowback.errors;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every error that reaches the user is made here, and says the problem, the cause and the fix
 * (after Delta kernel's DeltaErrors). Messages never contain a password: URLs pass through
 * {@link #redact(String)} and configuration values are named by their key, not their value,
 * when they may be secret.
 */
public final class Errors {
    private Errors() {
    }

    private static RowbackException badInput(String message) {
        return new RowbackException(RowbackException.BAD_INPUT, message, null);
    }

    private static RowbackException badInput(String message, Throwable cause) {
        return new RowbackException(RowbackException.BAD_INPUT, message, cause);
    }

    private static RowbackException failed(String message, Throwable cause) {
        return new RowbackException(RowbackException.FAILED, message, cause);
    }

    // ---- configuration -------------------------------------------------------------------------

    public static RowbackException configFileMissing(Path file) {
        return badInput("configuration file " + file + " does not exist; pass --config with the path of a rowback YAML file (see conf/rowback.example.yaml)");
    }

    public static RowbackException configUnreadable(Path file, String why) {
        return badInput("configuration file " + file + " is not valid YAML: " + oneLine(why) + "; fix the file (see conf/rowback.example.yaml)");
    }

    public static RowbackException configUnknownKey(Path file, String key, Collection<String> allowed) {
        return badInput("unknown key '" + key + "' in " + file + "; allowed there: " + String.join(", ", allowed));
    }

    public static RowbackException configMissingKey(Path file, String key, String what) {
        return badInput("missing key '" + key + "' in " + file + ": " + what);
    }

    public static RowbackException configBadValue(Path file, String key, String problem) {
        return badInput("bad value for '" + key + "' in " + file + ": " + problem);
    }

    public static RowbackException configEnvMissing(Path file, String key, String variable) {
        return badInput("'" + key + "' in " + file + " reads the environment variable " + variable
                + ", which is not set; export " + variable + " before running rowback");
    }

    public static RowbackException noSources(Path file) {
        return badInput("no sources in " + file + "; add one under 'sources:' (see conf/rowback.example.yaml)");
    }

    public static RowbackException unknownSource(Path file, String name, Collection<String> known) {
        return badInput("unknown source '" + name + "': " + file + " defines " + String.join(", ", known) + "; pass one of them with --source");
    }

    public static RowbackException sourceRequired(Path file, Collection<String> known) {
        return badInput(file + " defines several sources (" + String.join(", ", known) + "); choose one with --source NAME");
    }

    public static RowbackException includeMatchesNothing(String source, String key, String pattern, Collection<String> tables) {
        String some = tables.isEmpty() ? "the database has no base tables" : "its tables are " + preview(tables, 12);
        return badInput("pattern '" + pattern + "' in sources." + source + "." + key + " matches no table; " + some + "; correct the pattern");
    }

    public static RowbackException noTablesSelected(String source) {
        return badInput("sources." + source + ".tables selects no table; widen 'include' or narrow 'exclude'");
    }

    // ---- command line --------------------------------------------------------------------------

    public static RowbackException invalidDate(String option, String value) {
        return badInput("invalid date '" + value + "' for " + option + "; write it as YYYY-MM-DD, e.g. 2015-06-05");
    }

    public static RowbackException badOption(String message) {
        return badInput(message);
    }

    // ---- database ------------------------------------------------------------------------------

    public static RowbackException unsupportedUrl(Path file, String key, String url) {
        return badInput("'" + key + "' in " + file + " is " + redact(url)
                + ", which rowback cannot read; use a jdbc:mariadb:, jdbc:mysql:, jdbc:postgresql: or jdbc:h2: URL");
    }

    /** A connection that could not be opened, explained by its SQLState where the driver gives one. */
    public static RowbackException cannotConnect(String source, String url, String user, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String msg = oneLine(redactSecrets(e.getMessage()));
        if (state.startsWith("28") || msg.contains("Access denied") || msg.contains("password authentication failed")) {
            return badInput("source '" + source + "': the database at " + redact(url) + " refused user '" + user
                    + "' (" + msg + "); check the user and the password (its environment variable) in the configuration", e);
        }
        if (state.startsWith("08") || msg.contains("Connection refused") || msg.contains("timed out") || msg.contains("UnknownHost")) {
            return badInput("source '" + source + "': cannot reach the database at " + redact(url) + " (" + msg
                    + "); check that the server is running and the host and port in the URL", e);
        }
        if (state.equals("3D000") || state.equals("42000") && msg.contains("Unknown database") || msg.contains("does not exist")) {
            return badInput("source '" + source + "': " + msg + " at " + redact(url) + "; check the database name in the URL", e);
        }
        return badInput("source '" + source + "': cannot connect to " + redact(url) + ": " + msg, e);
    }

    public static RowbackException catalogFailed(String source, SQLException e) {
        return failed("source '" + source + "': reading the list of tables, columns and keys failed: " + oneLine(redactSecrets(e.getMessage()))
                + "; the user needs read access to the schema's metadata", e);
    }

    public static RowbackException schemaMissing(String source, String schema) {
        return badInput("source '" + source + "': schema '" + schema + "' does not exist or is not readable; correct 'schema' in the configuration");
    }

    /** snapshot.consistency: consistent, and the source cannot give every table one instant. */
    public static RowbackException consistencyUnavailable(String source, String why) {
        return badInput("source '" + source + "': snapshot.consistency is 'consistent', but every table cannot be read at one instant: "
                + oneLine(redactSecrets(why)) + "; grant what is missing, or set snapshot.consistency to auto, lock-free (MariaDB) or per-table"
                + " (each table read at its own moment)");
    }

    /** snapshot.consistency: lock-free, for a source whose database has no binlog positions to compare. */
    public static RowbackException lockFreeNotForSource(String source, String database) {
        return badInput("source '" + source + "' is " + database + ": snapshot.consistency 'lock-free' is for MariaDB/MySQL only"
                + " (it compares binlog positions); set snapshot.consistency to auto or consistent, which on " + database
                + " share one exported snapshot and take no lock");
    }

    // ---- warehouse -----------------------------------------------------------------------------

    public static RowbackException warehouseNotWritable(String path, Throwable cause) {
        return badInput("the warehouse " + path + " is not writable (" + oneLine(String.valueOf(cause.getMessage()))
                + "); create it or give this user write access, or point 'warehouse' elsewhere", cause);
    }

    public static RowbackException noSnapshots(String source, String warehouse) {
        return badInput("source '" + source + "' has no snapshots in " + warehouse + "; run 'rowback snapshot' first");
    }

    public static RowbackException noSnapshotUpTo(String source, String date, String first) {
        return badInput("source '" + source + "' has no snapshot on or before " + date + " (the first is " + first
                + "); pass a --date on or after " + first + " or leave --date out for the latest");
    }

    public static RowbackException badMinCoverage(String value) {
        return badInput("--min-coverage " + value + " is not a share between 0 and 1; pass e.g. --min-coverage 0.99 (1 demands every value on every date)");
    }

    public static RowbackException undeclaredReferences(int columns, String first) {
        return badInput("--strict-references: " + columns + " undeclared column(s) hold vanished keys that the restore would leave out, e.g. "
                + first + "; add the suggested lines to references: in the configuration, or drop --strict-references to restore without them");
    }

    public static RowbackException scriptForOtherSource(String file, String writtenFor, String connectedTo) {
        return badInput("the script " + file + " was written for " + writtenFor + " but the connection is to " + connectedTo
                + "; run it with the --source it was written for, or reconcile again against this one");
    }

    public static RowbackException scriptWithoutOrigin(String file, String expectedLine) {
        return badInput("the script " + file + " does not say which source it was written for (no '-- rowback:source=' line)"
                + "; run a script that rowback reconcile wrote, or add the line '" + expectedLine + "' after checking it");
    }

    /** A table asked for by name that is a view of the source on that date. */
    public static RowbackException viewNotSnapshotted(String option, String view, Object date) {
        return badInput(option + " " + view + ": '" + view + "' is a view on " + date + ", and rowback snapshots base tables only, not views,"
                + " so it has no history of its own; name the base tables the view reads from");
    }

    /** A --conf setting of rowback's own that cannot be read. */
    public static RowbackException badSetting(String key, String value, String expected) {
        return badInput("--conf " + key + "=" + value + " is not " + expected + "; pass e.g. --conf " + key + "=1000000, or leave it out for the default");
    }

    // ---- general -------------------------------------------------------------------------------

    public static RowbackException failed(String message) {
        return failed(message, null);
    }

    public static RowbackException wrap(String what, Throwable cause) {
        return failed(what + ": " + oneLine(redactSecrets(String.valueOf(cause.getMessage()))), cause);
    }

    public static RowbackException invalid(String message) {
        return badInput(message);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static final Pattern URL_SECRET = Pattern.compile("(?i)((?:password|pwd|sslpassword|truststorepassword|keystorepassword|secret)=)[^&;)]*");
    /** user:password@ up to the last @ of the URL's host part: a password may hold '@' or '/'. */
    private static final Pattern USERINFO = Pattern.compile("(//[^/:@?;]+):[^?;]*@");

    /** A JDBC URL with any password in it replaced by ***. */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        return USERINFO.matcher(URL_SECRET.matcher(url).replaceAll("$1***")).replaceAll("$1:***@");
    }

    /** Driver messages sometimes echo the URL; strip any password they carry. */
    public static String redactSecrets(String message) {
        return message == null ? "" : redact(message);
    }

    public static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.strip().replaceAll("\\s*\\R\\s*", " ");
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }

    public static String preview(Collection<String> names, int max) {
        List<String> list = List.copyOf(names);
        if (list.size() <= max) {
            return String.join(", ", list);
        }
        return String.join(", ", list.subList(0, max)) + " and " + (list.size() - max) + " more";
    }
}

package io.rowback.source;

import io.rowback.errors.Errors;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The source a restore script was written for, as one header line of the script:
 * {@code -- rowback:source=lino schema=public database=lino}. Values are written %XX outside
 * letters, digits and {@code _.$-}; a missing schema or database is {@code -}. apply compares it
 * with the database it is connected to before running anything.
 *
 * @param schema   the schema (PostgreSQL) or database (MySQL) the script's tables are in
 * @param database the database the connection is in (JDBC catalog)
 */
public record ScriptOrigin(String source, String schema, String database) {
    public static final String PREFIX = "-- rowback:";

    /** Where a connection of this source is now: its configured or default schema, its database. */
    public static ScriptOrigin of(SourceDatabase source, Connection connection) throws SQLException {
        return new ScriptOrigin(source.config().name(), source.schema(connection), connection.getCatalog());
    }

    /** The header line, without a line end. */
    public String headerLine() {
        return PREFIX + "source=" + encode(source) + " schema=" + encode(schema) + " database=" + encode(database);
    }

    /** The origin a script names in its header, if it has the line (only the lines before the first statement are read). */
    public static Optional<ScriptOrigin> find(String script) {
        for (String line : script.lines().toList()) {
            String l = line.strip();
            if (l.startsWith(PREFIX)) {
                Map<String, String> fields = new LinkedHashMap<>();
                for (String part : l.substring(PREFIX.length()).trim().split("\\s+")) {
                    int eq = part.indexOf('=');
                    if (eq > 0) {
                        fields.put(part.substring(0, eq), decode(part.substring(eq + 1)));
                    }
                }
                if (fields.containsKey("source")) {
                    return Optional.of(new ScriptOrigin(fields.get("source"), fields.get("schema"), fields.get("database")));
                }
            }
            if (!l.isEmpty() && !l.startsWith("--")) {
                break;
            }
        }
        return Optional.empty();
    }

    /**
     * Refuses (exit 2) a script that was written for another source, schema or database than the
     * one it is about to run on, or that does not say which it was written for.
     *
     * @param file the script's path, for the message
     */
    public static void check(String script, String file, ScriptOrigin actual) {
        ScriptOrigin written = find(script).orElseThrow(() -> Errors.scriptWithoutOrigin(file, actual.headerLine()));
        if (!written.source.equals(actual.source) || !Objects.equals(written.schema, actual.schema)
                || !Objects.equals(written.database, actual.database)) {
            throw Errors.scriptForOtherSource(file, written.describe(), actual.describe());
        }
    }

    /** source 'lino', schema app, database lino */
    public String describe() {
        return "source '" + source + "', schema " + (schema == null ? "(default)" : schema) + ", database "
                + (database == null ? "(default)" : database);
    }

    private static String encode(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '$'
                    || c == '-' && !value.equals("-");
            out.append(plain ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        return out.toString();
    }

    private static String decode(String text) {
        if (text.equals("-")) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

package io.rowback.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.rowback.errors.Errors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a rowback YAML file into immutable records and validates it before anything else runs:
 * every problem is one message naming the key and the file. {@code ${env:NAME}} in a value is
 * replaced by that environment variable.
 */
public final class ConfigLoader {
    private static final List<String> TOP_KEYS = List.of("warehouse", "sources", "snapshot", "watch");
    private static final List<String> SOURCE_KEYS = List.of("url", "user", "password", "schema", "tables", "naturalKeys",
            "references", "maxRowDrop", "noBackslashEscapes", "restoreNulledReferences");
    private static final List<String> TABLES_KEYS = List.of("include", "exclude");
    private static final List<String> SNAPSHOT_KEYS = List.of("parallelTables", "fetchSize", "rowsPerPartition", "consistency", "retries",
            "retryBackoffSeconds");
    private static final List<String> WATCH_KEYS = List.of("maxVanished", "maxVanishedShare", "tables", "notify");
    private static final List<String> LIMIT_KEYS = List.of("maxVanished", "maxVanishedShare");
    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern URL = Pattern.compile("(?i)^jdbc:(mariadb|mysql|postgresql|h2):.+");
    private static final Pattern SOURCE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private final Function<String, String> environment;

    public ConfigLoader() {
        this(System::getenv);
    }

    public ConfigLoader(Function<String, String> environment) {
        this.environment = environment;
    }

    public RowbackConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw Errors.configFileMissing(file);
        }
        JsonNode root;
        try {
            YAMLMapper mapper = new YAMLMapper(new YAMLFactory());
            mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            root = mapper.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw Errors.configUnreadable(file, e.getOriginalMessage() + locationOf(e));
        } catch (IOException e) {
            throw Errors.configUnreadable(file, e.getMessage());
        }
        return new Reader(file).read(root);
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    private final class Reader {
        private final Path file;

        Reader(Path file) {
            this.file = file;
        }

        RowbackConfig read(JsonNode root) {
            if (root == null || root.isMissingNode() || root.isNull()) {
                throw Errors.configMissingKey(file, "warehouse", "the file is empty; it needs 'warehouse' and 'sources'");
            }
            ObjectNode top = object(root, "(top level)");
            checkKeys(top, "", TOP_KEYS);
            String warehouse = requiredString(top, "warehouse", "", "the folder or Hadoop URI (hdfs://, s3a://) where snapshots are kept");
            JsonNode sourcesNode = top.get("sources");
            if (sourcesNode == null || sourcesNode.isNull() || sourcesNode.isObject() && sourcesNode.isEmpty()) {
                throw Errors.noSources(file);
            }
            ObjectNode sourcesObject = object(sourcesNode, "sources");
            Map<String, SourceConfig> sources = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = sourcesObject.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!SOURCE_NAME.matcher(e.getKey()).matches()) {
                    throw Errors.configBadValue(file, "sources." + e.getKey(), "a source name is letters, digits, '_', '-' and '.', starting with a letter or digit");
                }
                sources.put(e.getKey(), source(e.getKey(), e.getValue()));
            }
            SnapshotSettings snapshot = snapshot(top.get("snapshot"));
            WatchSettings watch = top.has("watch") ? watch(top.get("watch")) : WatchSettings.OFF;
            return new RowbackConfig(file, warehouse, java.util.Collections.unmodifiableMap(sources), snapshot, watch);
        }

        SourceConfig source(String name, JsonNode node) {
            String at = "sources." + name + ".";
            ObjectNode o = object(node, "sources." + name);
            checkKeys(o, at, SOURCE_KEYS);
            String url = requiredString(o, "url", at, "the JDBC URL of the database, e.g. jdbc:mariadb://127.0.0.1:3306/lino");
            if (!URL.matcher(url).matches()) {
                throw Errors.unsupportedUrl(file, at + "url", url);
            }
            String user = optionalString(o, "user", at);
            Secret password = new Secret(optionalString(o, "password", at));
            String schema = optionalString(o, "schema", at);
            TableFilter tables = tables(o.get("tables"), at + "tables");
            Map<String, List<String>> naturalKeys = naturalKeys(o.get("naturalKeys"), at + "naturalKeys");
            List<ReferenceSpec> references = references(o.get("references"), at + "references");
            double maxRowDrop = SourceConfig.DEFAULT_MAX_ROW_DROP;
            JsonNode drop = o.get("maxRowDrop");
            if (drop != null && !drop.isNull()) {
                if (!drop.isNumber() || drop.asDouble() < 0 || drop.asDouble() > 1) {
                    throw Errors.configBadValue(file, at + "maxRowDrop", "'" + drop.asText() + "' is not a share between 0 and 1 (0.5 refuses a table that lost more than half its rows)");
                }
                maxRowDrop = drop.asDouble();
            }
            boolean noBackslashEscapes = bool(o.get("noBackslashEscapes"), at + "noBackslashEscapes", false);
            boolean restoreNulled = bool(o.get("restoreNulledReferences"), at + "restoreNulledReferences", false);
            return new SourceConfig(name, url, user, password, schema, tables, naturalKeys, references, maxRowDrop, noBackslashEscapes, restoreNulled);
        }

        TableFilter tables(JsonNode node, String at) {
            if (node == null || node.isNull()) {
                return TableFilter.ALL;
            }
            ObjectNode o = object(node, at);
            checkKeys(o, at + ".", TABLES_KEYS);
            List<String> include = patterns(o.get("include"), at + ".include");
            List<String> exclude = patterns(o.get("exclude"), at + ".exclude");
            return new TableFilter(o.has("include") ? include : List.of("*"), exclude);
        }

        List<String> patterns(JsonNode node, String at) {
            List<String> out = stringList(node, at);
            for (String p : out) {
                String problem = TableFilter.problemWith(p);
                if (problem != null) {
                    throw Errors.configBadValue(file, at, problem);
                }
            }
            return out;
        }

        Map<String, List<String>> naturalKeys(JsonNode node, String at) {
            if (node == null || node.isNull()) {
                return Map.of();
            }
            ObjectNode o = object(node, at);
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                List<String> columns = stringList(e.getValue(), at + "." + e.getKey());
                if (columns.isEmpty()) {
                    throw Errors.configBadValue(file, at + "." + e.getKey(), "a natural key needs at least one column, e.g. [national_id]");
                }
                out.put(e.getKey(), List.copyOf(columns));
            }
            return java.util.Collections.unmodifiableMap(out);
        }

        List<ReferenceSpec> references(JsonNode node, String at) {
            List<ReferenceSpec> out = new ArrayList<>();
            int i = 0;
            for (String text : stringList(node, at)) {
                try {
                    out.add(ReferenceSpec.parse(text));
                } catch (IllegalArgumentException e) {
                    throw Errors.configBadValue(file, at + "[" + i + "]", e.getMessage());
                }
                i++;
            }
            return out;
        }

        SnapshotSettings snapshot(JsonNode node) {
            SnapshotSettings d = SnapshotSettings.DEFAULTS;
            if (node == null || node.isNull()) {
                return d;
            }
            ObjectNode o = object(node, "snapshot");
            checkKeys(o, "snapshot.", SNAPSHOT_KEYS);
            int parallel = (int) positive(o.get("parallelTables"), "snapshot.parallelTables", d.parallelTables(), 256);
            int fetch = (int) positive(o.get("fetchSize"), "snapshot.fetchSize", d.fetchSize(), 1_000_000);
            long rows = positive(o.get("rowsPerPartition"), "snapshot.rowsPerPartition", d.rowsPerPartition(), Long.MAX_VALUE);
            SnapshotSettings.Consistency consistency = d.consistency();
            JsonNode c = o.get("consistency");
            if (c != null && !c.isNull()) {
                consistency = c.isTextual() ? SnapshotSettings.Consistency.parse(c.asText()) : null;
                if (consistency == null) {
                    throw Errors.configBadValue(file, "snapshot.consistency", "'" + c.asText() + "' is not one of auto, consistent, per-table, lock-free"
                            + " (auto: every table at one instant where the database allows it, else each table at its own moment, with a warning)");
                }
            }
            int retries = (int) wholeNumber(o.get("retries"), "snapshot.retries", d.retries(), 100);
            int backoff = (int) wholeNumber(o.get("retryBackoffSeconds"), "snapshot.retryBackoffSeconds", d.retryBackoffSeconds(), 3600);
            return new SnapshotSettings(parallel, fetch, rows, consistency, retries, backoff);
        }

        WatchSettings watch(JsonNode node) {
            if (node == null || node.isNull()) {
                return WatchSettings.DEFAULTS;
            }
            ObjectNode o = object(node, "watch");
            checkKeys(o, "watch.", WATCH_KEYS);
            WatchSettings.Limit defaults = limit(o, "watch.", WatchSettings.DEFAULT_LIMIT);
            Map<String, WatchSettings.Limit> tables = new LinkedHashMap<>();
            JsonNode tablesNode = o.get("tables");
            if (tablesNode != null && !tablesNode.isNull()) {
                ObjectNode t = object(tablesNode, "watch.tables");
                for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String at = "watch.tables." + e.getKey();
                    ObjectNode limit = object(e.getValue(), at);
                    checkKeys(limit, at + ".", LIMIT_KEYS);
                    tables.put(e.getKey(), limit(limit, at + ".", defaults));
                }
            }
            String notify = optionalString(o, "notify", "watch.");
            return new WatchSettings(defaults, tables, notify == null || notify.isBlank() ? null : notify);
        }

        WatchSettings.Limit limit(ObjectNode o, String at, WatchSettings.Limit inherited) {
            long count = inherited.maxVanished();
            JsonNode n = o.get("maxVanished");
            if (n != null && !n.isNull()) {
                if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
                    throw Errors.configBadValue(file, at + "maxVanished", "'" + n.asText() + "' is not a whole number of rows, 0 or more"
                            + " (100: more than 100 rows of a table vanished since the previous snapshot)");
                }
                count = n.asLong();
            }
            double share = inherited.maxVanishedShare();
            JsonNode s = o.get("maxVanishedShare");
            if (s != null && !s.isNull()) {
                if (!s.isNumber() || s.asDouble() < 0 || s.asDouble() > 1) {
                    throw Errors.configBadValue(file, at + "maxVanishedShare", "'" + s.asText() + "' is not a share between 0 and 1"
                            + " (0.1: more than a tenth of a table's rows vanished since the previous snapshot)");
                }
                share = s.asDouble();
            }
            return new WatchSettings.Limit(count, share);
        }

        long positive(JsonNode node, String key, long dflt, long max) {
            if (node == null || node.isNull()) {
                return dflt;
            }
            if (!node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > max) {
                throw Errors.configBadValue(file, key, "'" + node.asText() + "' is not a whole number between 1 and " + max);
            }
            return node.asLong();
        }

        long wholeNumber(JsonNode node, String key, long dflt, long max) {
            if (node == null || node.isNull()) {
                return dflt;
            }
            if (!node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 0 || node.asLong() > max) {
                throw Errors.configBadValue(file, key, "'" + node.asText() + "' is not a whole number between 0 and " + max);
            }
            return node.asLong();
        }

        boolean bool(JsonNode node, String key, boolean dflt) {
            if (node == null || node.isNull()) {
                return dflt;
            }
            if (!node.isBoolean()) {
                throw Errors.configBadValue(file, key, "'" + node.asText() + "' is not true or false");
            }
            return node.asBoolean();
        }

        ObjectNode object(JsonNode node, String key) {
            if (!(node instanceof ObjectNode o)) {
                throw Errors.configBadValue(file, key, "expected a mapping of keys to values, found " + describe(node));
            }
            return o;
        }

        void checkKeys(ObjectNode o, String prefix, List<String> allowed) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!allowed.contains(key)) {
                    throw Errors.configUnknownKey(file, prefix + key, allowed);
                }
            }
        }

        String requiredString(ObjectNode o, String key, String prefix, String what) {
            String value = optionalString(o, key, prefix);
            if (value == null || value.isBlank()) {
                throw Errors.configMissingKey(file, prefix + key, what);
            }
            return value;
        }

        String optionalString(ObjectNode o, String key, String prefix) {
            JsonNode node = o.get(key);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isTextual()) {
                // YAML reads 0123 as the number 83 and 1.10 as 1.1: a password must not change on the way
                // the value is not shown: it may be a password
                throw Errors.configBadValue(file, prefix + key, "expected a text value, found " + (node.isValueNode()
                        ? "a number or true/false (YAML reads 0123 as 83); put it in quotes exactly as meant" : describe(node)));
            }
            return substitute(node.asText(), prefix + key);
        }

        List<String> stringList(JsonNode node, String key) {
            if (node == null || node.isNull()) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            if (node.isTextual()) {
                out.add(node.asText());
                return out;
            }
            if (!node.isArray()) {
                throw Errors.configBadValue(file, key, "expected a list such as [a, b], found " + describe(node));
            }
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    throw Errors.configBadValue(file, key, "expected a list of names, found " + describe(item) + " in it");
                }
                out.add(item.asText());
            }
            return out;
        }

        String substitute(String value, String key) {
            Matcher m = ENV.matcher(value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String v = environment.apply(m.group(1));
                if (v == null) {
                    throw Errors.configEnvMissing(file, key, m.group(1));
                }
                m.appendReplacement(out, Matcher.quoteReplacement(v));
            }
            m.appendTail(out);
            return out.toString();
        }

        String describe(JsonNode node) {
            if (node == null) {
                return "nothing";
            }
            if (node.isObject()) {
                return "a mapping";
            }
            if (node.isArray()) {
                return "a list";
            }
            return "'" + node.asText() + "'";
        }
    }
}

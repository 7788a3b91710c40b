package io.rowback.config;

import io.rowback.errors.RowbackException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    private static final String HEAD = "warehouse: /w\nsources:\n  lino:\n    url: jdbc:mariadb://127.0.0.1:3306/lino\n";
    private static final Function<String, String> NO_ENV = name -> null;

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("rowback.yaml"), yaml);
    }

    /** A description, the file, and what the message must name besides the file. */
    static Stream<Arguments> badConfigurations() {
        return Stream.of(
                Arguments.of("unknown top-level key", HEAD + "extra: 1\n", List.of("'extra'", "warehouse, sources, snapshot")),
                Arguments.of("misspelt key in a source", HEAD + "    tabels:\n      include: ['*']\n", List.of("'sources.lino.tabels'", "tables")),
                Arguments.of("unknown key under tables", HEAD + "    tables:\n      only: [a]\n", List.of("'sources.lino.tables.only'", "include, exclude")),
                Arguments.of("unknown key under snapshot", HEAD + "snapshot:\n  threads: 4\n", List.of("'snapshot.threads'", "parallelTables")),
                Arguments.of("missing warehouse", "sources:\n  lino:\n    url: jdbc:h2:mem:x\n", List.of("'warehouse'")),
                Arguments.of("blank warehouse", "warehouse: ''\nsources:\n  lino:\n    url: jdbc:h2:mem:x\n", List.of("'warehouse'")),
                Arguments.of("empty file", "", List.of("'warehouse'", "empty")),
                Arguments.of("only comments", "# nothing yet\n", List.of("'warehouse'")),
                Arguments.of("top level is a list", "- warehouse\n", List.of("(top level)")),
                Arguments.of("no sources key", "warehouse: /w\n", List.of("no sources", "'sources:'")),
                Arguments.of("empty sources", "warehouse: /w\nsources: {}\n", List.of("no sources")),
                Arguments.of("sources as a list", "warehouse: /w\nsources: [lino]\n", List.of("'sources'", "mapping")),
                Arguments.of("bad source name", "warehouse: /w\nsources:\n  _lino:\n    url: jdbc:h2:mem:x\n", List.of("'sources._lino'")),
                Arguments.of("missing url", "warehouse: /w\nsources:\n  lino:\n    user: u\n", List.of("'sources.lino.url'")),
                Arguments.of("unsupported url scheme", "warehouse: /w\nsources:\n  lino:\n    url: jdbc:oracle:thin:@h:1521/x\n",
                        List.of("'sources.lino.url'", "jdbc:oracle:thin", "jdbc:postgresql:")),
                Arguments.of("url that is not jdbc", "warehouse: /w\nsources:\n  lino:\n    url: mysql://h/db\n", List.of("'sources.lino.url'")),
                Arguments.of("unset environment variable", HEAD + "    password: ${env:ROWBACK_TEST_UNSET}\n",
                        List.of("'sources.lino.password'", "ROWBACK_TEST_UNSET", "export ROWBACK_TEST_UNSET")),
                Arguments.of("unset environment variable in the url", "warehouse: /w\nsources:\n  lino:\n    url: jdbc:postgresql://${env:PGHOST}/db\n",
                        List.of("'sources.lino.url'", "PGHOST")),
                Arguments.of("password that is a mapping", HEAD + "    password: {a: 1}\n", List.of("'sources.lino.password'", "text value")),
                Arguments.of("password that is a boolean", HEAD + "    password: true\n", List.of("'sources.lino.password'", "text value")),
                Arguments.of("password that YAML reads as a number", HEAD + "    password: 0123\n", List.of("'sources.lino.password'", "put it in quotes")),
                Arguments.of("user that YAML reads as a number", HEAD + "    user: 1.10\n", List.of("'sources.lino.user'", "put it in quotes")),
                Arguments.of("bad include pattern", HEAD + "    tables:\n      include: ['foo[1]']\n", List.of("'sources.lino.tables.include'", "'foo[1]'")),
                Arguments.of("bad exclude pattern", HEAD + "    tables:\n      exclude: ['a|b']\n", List.of("'sources.lino.tables.exclude'", "'a|b'")),
                Arguments.of("empty include pattern", HEAD + "    tables:\n      include: ['']\n", List.of("'sources.lino.tables.include'", "empty")),
                Arguments.of("include that is a mapping", HEAD + "    tables:\n      include: {a: b}\n", List.of("'sources.lino.tables.include'", "list")),
                Arguments.of("maxRowDrop above 1", HEAD + "    maxRowDrop: 1.5\n", List.of("'sources.lino.maxRowDrop'", "'1.5'")),
                Arguments.of("maxRowDrop below 0", HEAD + "    maxRowDrop: -0.1\n", List.of("'sources.lino.maxRowDrop'", "'-0.1'")),
                Arguments.of("maxRowDrop not a number", HEAD + "    maxRowDrop: abc\n", List.of("'sources.lino.maxRowDrop'", "'abc'")),
                Arguments.of("noBackslashEscapes not a boolean", HEAD + "    noBackslashEscapes: maybe\n", List.of("'sources.lino.noBackslashEscapes'", "'maybe'")),
                Arguments.of("restoreNulledReferences not a boolean", HEAD + "    restoreNulledReferences: yes please\n",
                        List.of("'sources.lino.restoreNulledReferences'", "'yes please'")),
                Arguments.of("natural key with no column", HEAD + "    naturalKeys:\n      pcsw_client: []\n", List.of("'sources.lino.naturalKeys.pcsw_client'")),
                Arguments.of("natural key with a number in it", HEAD + "    naturalKeys:\n      pcsw_client: [1]\n", List.of("'sources.lino.naturalKeys.pcsw_client'")),
                Arguments.of("naturalKeys as a list", HEAD + "    naturalKeys: [a]\n", List.of("'sources.lino.naturalKeys'")),
                Arguments.of("reference that does not parse", HEAD + "    references:\n      - \"a.b -> c.d\"\n      - \"a.b c.d\"\n",
                        List.of("'sources.lino.references[1]'", "'a.b c.d'")),
                Arguments.of("YAML syntax error", "warehouse: [unclosed\nsources:\n", List.of("not valid YAML", "line ")),
                Arguments.of("duplicate key", "warehouse: /a\nwarehouse: /b\nsources:\n  lino:\n    url: jdbc:h2:mem:x\n",
                        List.of("not valid YAML", "Duplicate field 'warehouse'", "line 2")),
                Arguments.of("duplicate key in a source", HEAD + "    url: jdbc:h2:mem:y\n", List.of("Duplicate field 'url'", "line 5")),
                Arguments.of("parallelTables 0", HEAD + "snapshot:\n  parallelTables: 0\n", List.of("'snapshot.parallelTables'", "'0'", "between 1 and 256")),
                Arguments.of("parallelTables too large", HEAD + "snapshot:\n  parallelTables: 1000\n", List.of("'snapshot.parallelTables'", "'1000'")),
                Arguments.of("fetchSize not whole", HEAD + "snapshot:\n  fetchSize: 1.5\n", List.of("'snapshot.fetchSize'", "'1.5'")),
                Arguments.of("rowsPerPartition a word", HEAD + "snapshot:\n  rowsPerPartition: many\n", List.of("'snapshot.rowsPerPartition'", "'many'")),
                Arguments.of("consistency unknown", HEAD + "snapshot:\n  consistency: strict\n", List.of("'snapshot.consistency'", "'strict'", "auto, consistent, per-table, lock-free")),
                Arguments.of("retries negative", HEAD + "snapshot:\n  retries: -1\n", List.of("'snapshot.retries'", "'-1'", "between 0 and 100")),
                Arguments.of("retryBackoffSeconds a word", HEAD + "snapshot:\n  retryBackoffSeconds: soon\n", List.of("'snapshot.retryBackoffSeconds'", "'soon'")),
                Arguments.of("misspelt key under watch", HEAD + "watch:\n  maxVanishd: 3\n", List.of("'watch.maxVanishd'", "maxVanished, maxVanishedShare, tables, notify")),
                Arguments.of("unknown key of a watched table", HEAD + "watch:\n  tables:\n    partner: {limit: 3}\n",
                        List.of("'watch.tables.partner.limit'", "maxVanished, maxVanishedShare")),
                Arguments.of("maxVanished negative", HEAD + "watch:\n  maxVanished: -1\n", List.of("'watch.maxVanished'", "'-1'")),
                Arguments.of("maxVanishedShare above 1", HEAD + "watch:\n  tables:\n    partner:\n      maxVanishedShare: 2\n",
                        List.of("'watch.tables.partner.maxVanishedShare'", "'2'")),
                Arguments.of("watch as a list", HEAD + "watch: [a]\n", List.of("'watch'", "mapping")),
                Arguments.of("notify that is a number", HEAD + "watch:\n  notify: 12\n", List.of("'watch.notify'", "text value")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigurations")
    void badConfigurationIsRefusedWithExitTwoNamingKeyAndFile(String description, String yaml, List<String> mentioned) throws IOException {
        Path file = write(yaml);
        RowbackException e = assertThrows(RowbackException.class, () -> new ConfigLoader(NO_ENV).load(file));
        assertEquals(2, e.exitStatus(), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), () -> "file not named: " + e.getMessage());
        for (String m : mentioned) {
            assertTrue(e.getMessage().contains(m), () -> "'" + m + "' not in: " + e.getMessage());
        }
        assertFalse(e.getMessage().contains("\n"), () -> "not one line: " + e.getMessage());
    }

    @Test
    void missingFileIsBadInput() {
        Path file = dir.resolve("nope.yaml");
        RowbackException e = assertThrows(RowbackException.class, () -> new ConfigLoader(NO_ENV).load(file));
        assertEquals(2, e.exitStatus());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("--config"), e.getMessage());
    }

    @Test
    void exampleConfigurationLoads() {
        Path example = Path.of("..", "conf", "rowback.example.yaml");
        assertTrue(Files.isRegularFile(example), "run from the common module: " + example.toAbsolutePath());

        RowbackConfig config = new ConfigLoader(Map.of("LINO_DB_PASSWORD", "s3cret")::get).load(example);

        assertEquals(example, config.file());
        assertEquals("/var/lib/rowback", config.warehouse());
        assertEquals(List.of("lino"), List.copyOf(config.sources().keySet()));
        SourceConfig lino = config.source(null);
        assertAll(
                () -> assertEquals("lino", lino.name()),
                () -> assertEquals("jdbc:mariadb://127.0.0.1:3306/lino", lino.url()),
                () -> assertEquals("lino_backup", lino.user()),
                () -> assertEquals("s3cret", lino.password().reveal()),
                () -> assertNull(lino.schema()),
                () -> assertEquals(new TableFilter(List.of("*"), List.of("django_session")), lino.tables()),
                () -> assertEquals(Map.of("pcsw_client", List.of("national_id")), lino.naturalKeys()),
                () -> org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                        () -> lino.naturalKeys().get("pcsw_client").add("injected"), "natural keys cannot be changed"),
                () -> assertEquals(2, lino.references().size()),
                () -> assertEquals("aids_refundconfirmation", lino.references().get(0).table()),
                () -> assertEquals(List.of("partner_ptr_id"), lino.references().get(0).refColumns()),
                () -> assertEquals(Map.of("owner_type_id", "42"), lino.references().get(1).conditions()),
                () -> assertEquals(List.of("owner_id"), lino.references().get(1).columns()),
                () -> assertEquals("pcsw_client", lino.references().get(1).refTable()),
                () -> assertEquals(0.5, lino.maxRowDrop()),
                () -> assertFalse(lino.noBackslashEscapes()),
                () -> assertFalse(lino.restoreNulledReferences(), "off unless configured"),
                () -> assertEquals(new SnapshotSettings(6, 10_000, 1_000_000, SnapshotSettings.Consistency.AUTO, 2, 5), config.snapshot()));
    }

    @Test
    void exampleConfigurationNeedsItsPasswordVariable() {
        Path example = Path.of("..", "conf", "rowback.example.yaml");
        RowbackException e = assertThrows(RowbackException.class, () -> new ConfigLoader(NO_ENV).load(example));
        assertEquals(2, e.exitStatus());
        assertTrue(e.getMessage().contains("'sources.lino.password'") && e.getMessage().contains("LINO_DB_PASSWORD"), e.getMessage());
    }

    @Test
    void minimalConfigurationGetsDefaults() throws IOException {
        RowbackConfig config = new ConfigLoader(NO_ENV).load(write(HEAD));
        SourceConfig lino = config.source("lino");
        assertAll(
                () -> assertEquals(TableFilter.ALL, lino.tables()),
                () -> assertNull(lino.user()),
                () -> assertFalse(lino.password().isPresent()),
                () -> assertEquals(Map.of(), lino.naturalKeys()),
                () -> assertEquals(List.of(), lino.references()),
                () -> assertEquals(SourceConfig.DEFAULT_MAX_ROW_DROP, lino.maxRowDrop()),
                () -> assertFalse(lino.noBackslashEscapes()),
                () -> assertEquals(SnapshotSettings.DEFAULTS, config.snapshot()));
    }

    @Test
    void excludeAloneKeepsIncludingEverything() throws IOException {
        SourceConfig lino = new ConfigLoader(NO_ENV).load(write(HEAD + "    tables:\n      exclude: django_session\n")).source(null);
        assertEquals(new TableFilter(List.of("*"), List.of("django_session")), lino.tables());
    }

    @Test
    void environmentIsSubstitutedInUrlAndPassword() throws IOException {
        Map<String, String> env = Map.of("PGHOST", "db.example", "PGDB", "lino", "PW", "p$1\\x ${env:PGHOST}");
        Path file = write("warehouse: /w\nsources:\n  lino:\n"
                + "    url: jdbc:postgresql://${env:PGHOST}:5432/${env:PGDB}?ssl=true\n"
                + "    password: ${env:PW}\n");

        SourceConfig lino = new ConfigLoader(env::get).load(file).source(null);

        assertEquals("jdbc:postgresql://db.example:5432/lino?ssl=true", lino.url());
        // replaced verbatim: '$' and '\' are not regex syntax, and a value is not substituted again
        assertEquals("p$1\\x ${env:PGHOST}", lino.password().reveal());
    }

    @Test
    void passwordNeverPrinted() throws IOException {
        Map<String, String> env = Map.of("PW", "hunter2-s3cret");
        Path file = write("warehouse: /w\nsources:\n  lino:\n"
                + "    url: jdbc:postgresql://h/db?user=u&password=${env:PW}\n"
                + "    user: u\n"
                + "    password: ${env:PW}\n");

        RowbackConfig config = new ConfigLoader(env::get).load(file);
        SourceConfig lino = config.source(null);

        assertEquals("hunter2-s3cret", lino.password().reveal());
        for (String printed : List.of(lino.toString(), lino.password().toString(), config.toString())) {
            assertFalse(printed.contains("hunter2"), printed);
        }
        assertTrue(lino.toString().contains("password=***"), lino.toString());
        assertTrue(lino.toString().contains("user=u"), lino.toString());
    }

    @Test
    void settingsAreRead() throws IOException {
        Path file = write(HEAD + "    schema: public\n    maxRowDrop: 0\n    noBackslashEscapes: true\n    restoreNulledReferences: true\n"
                + "    tables:\n      include: [pcsw_*, contacts_*]\n      exclude: ['*_tmp']\n"
                + "snapshot:\n  parallelTables: 2\n  fetchSize: 500\n  rowsPerPartition: 1000\n  consistency: per-table\n  retries: 0\n  retryBackoffSeconds: 1\n");
        RowbackConfig config = new ConfigLoader(NO_ENV).load(file);
        SourceConfig lino = config.source(null);
        assertAll(
                () -> assertEquals("public", lino.schema()),
                () -> assertEquals(0.0, lino.maxRowDrop()),
                () -> assertTrue(lino.noBackslashEscapes()),
                () -> assertTrue(lino.restoreNulledReferences()),
                () -> assertEquals(new TableFilter(List.of("pcsw_*", "contacts_*"), List.of("*_tmp")), lino.tables()),
                () -> assertEquals(new SnapshotSettings(2, 500, 1000, SnapshotSettings.Consistency.PER_TABLE, 0, 1), config.snapshot()));
    }

    @Test
    void watchLimitsAreReadAndInherited() throws IOException {
        Path file = write(HEAD + "watch:\n  maxVanished: 50\n  tables:\n    partner: {maxVanishedShare: 0.01}\n    Note: {maxVanished: 5000}\n"
                + "  notify: \"mail -s rowback ops@example.org\"\n");
        WatchSettings w = new ConfigLoader(NO_ENV).load(file).watch();
        assertAll(
                () -> assertEquals(new WatchSettings.Limit(50, 0.10), w.defaults()),
                () -> assertEquals(new WatchSettings.Limit(50, 0.01), w.limitOf("partner")),
                () -> assertEquals(new WatchSettings.Limit(5000, 0.10), w.limitOf("note"), "table names as the catalog spells them, any case"),
                () -> assertEquals(w.defaults(), w.limitOf("other")),
                () -> assertEquals("mail -s rowback ops@example.org", w.notifyCommand()),
                () -> assertFalse(w.limitOf("other").passedBy(50, 10_000), "50 of 10,000: within both"),
                () -> assertTrue(w.limitOf("other").passedBy(51, 10_000), "51 rows: more than 50"),
                () -> assertTrue(w.limitOf("other").passedBy(3, 20), "3 of 20: more than a tenth"),
                () -> assertEquals(WatchSettings.OFF, new ConfigLoader(NO_ENV).load(write(HEAD)).watch(), "no section: nothing watched"),
                () -> assertNull(WatchSettings.OFF.limitOf("partner")),
                () -> assertEquals(WatchSettings.DEFAULTS, new ConfigLoader(NO_ENV).load(write(HEAD + "watch:\n")).watch(), "an empty section: defaults"),
                () -> assertEquals(WatchSettings.DEFAULTS, new ConfigLoader(NO_ENV).load(write(HEAD + "watch: {}\n")).watch()));
    }

    @Test
    void sourcesKeepTheirOrder() throws IOException {
        Path file = write("warehouse: /w\nsources:\n  zeta:\n    url: jdbc:h2:mem:z\n  alpha:\n    url: jdbc:h2:mem:a\n  mid.1:\n    url: jdbc:h2:mem:m\n");
        assertEquals(List.of("zeta", "alpha", "mid.1"), List.copyOf(new ConfigLoader(NO_ENV).load(file).sources().keySet()));
    }
}

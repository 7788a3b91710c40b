package io.rowback.config;

import io.rowback.errors.RowbackException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowbackConfigTest {
    private static final Path FILE = Path.of("/etc/rowback.yaml");

    private static SourceConfig source(String name) {
        return new SourceConfig(name, "jdbc:h2:mem:" + name, null, Secret.NONE, null, TableFilter.ALL, Map.of(), List.of(),
                SourceConfig.DEFAULT_MAX_ROW_DROP, false);
    }

    private static RowbackConfig config(String... names) {
        Map<String, SourceConfig> sources = new LinkedHashMap<>();
        for (String n : names) {
            sources.put(n, source(n));
        }
        return new RowbackConfig(FILE, "/w", sources, SnapshotSettings.DEFAULTS);
    }

    @Test
    void theOnlySourceIsChosenWithoutName() {
        RowbackConfig config = config("lino");
        assertSame(config.sources().get("lino"), config.source(null));
    }

    @Test
    void aNamedSourceIsChosen() {
        RowbackConfig config = config("lino", "crm");
        assertEquals("crm", config.source("crm").name());
    }

    @Test
    void severalSourcesNeedAName() {
        RowbackException e = assertThrows(RowbackException.class, () -> config("lino", "crm").source(null));
        assertEquals(2, e.exitStatus());
        assertTrue(e.getMessage().contains("lino, crm") && e.getMessage().contains("--source")
                && e.getMessage().contains(FILE.toString()), e.getMessage());
    }

    @Test
    void unknownSourceIsBadInput() {
        RowbackException e = assertThrows(RowbackException.class, () -> config("lino", "crm").source("lnio"));
        assertEquals(2, e.exitStatus());
        assertTrue(e.getMessage().contains("'lnio'") && e.getMessage().contains("lino, crm")
                && e.getMessage().contains(FILE.toString()), e.getMessage());
    }
}

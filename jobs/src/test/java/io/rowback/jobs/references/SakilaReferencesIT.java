package io.rowback.jobs.references;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rowback.jobs.testing.Cli;
import io.rowback.jobs.testing.Configs;
import io.rowback.jobs.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sakila declares its references: whatever {@code references} offers as paste-ready must be real.
 * Checked by hand: MySQL's film_text mirrors film (kept by triggers, one row per film, same id,
 * no foreign key); nothing else in Sakila is undeclared.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SakilaReferencesIT {
    static final Set<String> REAL = Set.of("film_text.film_id -> film.film_id");

    TestDatabase db;
    JsonNode json;
    Cli.Result yaml;

    abstract TestDatabase database();

    @BeforeAll
    void load() throws Exception {
        db = database();
        db.loadSakila();
        Path dir = Files.createTempDirectory("sakila-references");
        Path config = Configs.write(dir, db, "");
        Cli.Result s = Cli.run("snapshot", "--config", config.toString(), "--date", "2026-01-01");
        assertEquals(0, s.exit(), s::toString);
        yaml = Cli.run("references", "--config", config.toString());
        assertEquals(0, yaml.exit(), yaml::toString);
        System.out.println(yaml.out());
        Cli.Result j = Cli.run("references", "--config", config.toString(), "--format", "json");
        assertEquals(0, j.exit(), j::toString);
        json = new ObjectMapper().readTree(j.out());
    }

    @AfterAll
    void drop() throws Exception {
        db.close();
    }

    @Test
    void offersNoFalseReferenceAsPasteReady() {
        for (JsonNode n : json.get("references")) {
            assertTrue(REAL.contains(n.get("reference").asText()), "not a real reference of Sakila: " + n + "\n" + yaml.out());
        }
    }
}

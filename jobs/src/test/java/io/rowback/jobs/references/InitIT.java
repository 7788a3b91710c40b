package io.rowback.jobs.references;

import io.rowback.config.ConfigLoader;
import io.rowback.config.SourceConfig;
import io.rowback.jobs.demo.IncidentDatabase;
import io.rowback.jobs.testing.Cli;
import io.rowback.jobs.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rowback init} on the live incident database: a configuration that loads, with its references and natural keys. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InitIT {
    TestDatabase db;
    Cli.Result r;
    SourceConfig source;

    abstract TestDatabase database();

    @BeforeAll
    void init() throws Exception {
        db = database();
        try (Connection c = db.connect()) {
            IncidentDatabase app = new IncidentDatabase(c, db.kind());
            app.create();
            // 2000 partners, as DjangoReferencesIT: with 300 the ~30 doctor ids inside the persons' key (80% of the
            // numbers in their range) could be there by luck (chance ~1e-3), and references rightly calls that possible
            app.populate(2000);
        }
        List<String> args = new ArrayList<>(List.of("init", "--url", db.url(), "--user", db.user()));
        if (db.kind().equals("postgresql")) {
            args.addAll(List.of("--schema", "public"));
        }
        r = Cli.run(args.toArray(new String[0]));
        assertEquals(0, r.exit(), r::toString);
        Path file = Files.createTempDirectory("init").resolve("mine.yaml");
        Files.writeString(file, r.out());
        source = new ConfigLoader(n -> n.equals("ROWBACK_DB_PASSWORD") ? "" : null).load(file).source(null);
    }

    @AfterAll
    void drop() throws Exception {
        db.close();
    }

    @Test
    void theConfigurationLoadsWithTheSourceAndThePasswordFromTheEnvironment() {
        assertEquals(db.url(), source.url());
        assertEquals(db.user(), source.user());
        assertTrue(r.out().contains("password: ${env:ROWBACK_DB_PASSWORD}"), r::toString);
        assertEquals(List.of("*"), source.tables().include());
    }

    @Test
    void suggestsTheUndeclaredReferencesTestedOnTheLiveRows() {
        Set<String> texts = new TreeSet<>();
        source.references().forEach(x -> texts.add(x.text()));
        assertEquals(new TreeSet<>(IncidentDatabase.REFERENCES), texts, r::toString);
    }

    @Test
    void suggestsNaturalKeysThatAreNotDeclaredUnique() {
        assertEquals(List.of("name"), source.naturalKeys().get("countries_place"), r::toString);
        assertFalse(source.naturalKeys().containsKey("pcsw_client"), "national_id is declared unique: " + r.out());
        assertFalse(source.naturalKeys().containsKey("users_user"), "username is declared unique: " + r.out());
        assertTrue(r.out().contains("# unique and non-null on all 30 rows, not declared unique"), r::toString);
    }
}

package io.rowback.jobs.references;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rowback.config.ConfigLoader;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The incident's Django schema (generic notes, an undeclared doctor, partner/person/client
 * inheritance) plus a second generic relation (comments through content_type_id/object_id, one
 * model under a db_table override), a Rails-shaped polymorphic table, and a column of small
 * integers that lies inside a key on one date only. {@code references} must find exactly the real
 * ones, and a reconcile configured with only its lines must restore what the hand-written one does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DjangoReferencesIT {
    static final int PARTNERS = Integer.getInteger("rowback.test.partners", 2000);
    static final LocalDate D1 = LocalDate.of(2015, 6, 5);
    static final LocalDate D2 = LocalDate.of(2015, 6, 10);
    static final int PERSON_TYPE = 8;
    static final int GUEST_TYPE = 60;
    static final int VISITS = 90001;
    static final List<String> EXTRA = List.of(
            "comments_comment.(content_type_id = 8, object_id) -> contacts_person.partner_ptr_id",
            "comments_comment.(content_type_id = 60, object_id) -> cal_guest.id",
            "comments_comment.content_type_id -> django_content_type.id",
            "comments.(commentable_type = 'Admin::Category', commentable_id) -> categories.id",
            "comments.(commentable_type = 'Person', commentable_id) -> people.id",
            "comments.(commentable_type = 'Post', commentable_id) -> posts.id");

    TestDatabase db;
    Path dir;
    List<Integer> gone = new ArrayList<>();
    Cli.Result yaml;
    JsonNode json;
    double seconds;

    abstract TestDatabase database();

    @BeforeAll
    void story() throws Exception {
        db = database();
        dir = Files.createTempDirectory("references");
        boolean pg = db.kind().equals("postgresql");
        String big = pg ? "BIGINT" : "BIGINT";
        try (Connection c = db.connect()) {
            IncidentDatabase app = new IncidentDatabase(c, db.kind());
            app.create();
            app.populate(PARTNERS);
        }
        db.execute("INSERT INTO django_content_type (id, app_label, model) VALUES (" + GUEST_TYPE + ", 'calendar', 'guest')",
                "CREATE TABLE comments_comment (id INTEGER NOT NULL PRIMARY KEY, content_type_id INTEGER NOT NULL, object_id INTEGER NOT NULL, text VARCHAR(100))",
                "CREATE TABLE misc_rating (id INTEGER NOT NULL PRIMARY KEY, level_id INTEGER)",
                "CREATE TABLE misc_visit (id INTEGER NOT NULL PRIMARY KEY, room_id INTEGER, clerk_id INTEGER, batch_id INTEGER)",
                "CREATE TABLE posts (id " + big + " NOT NULL PRIMARY KEY, title VARCHAR(100))",
                "CREATE TABLE people (id " + big + " NOT NULL PRIMARY KEY, name VARCHAR(100))",
                "CREATE TABLE categories (id " + big + " NOT NULL PRIMARY KEY, name VARCHAR(100))",
                "CREATE TABLE comments (id " + big + " NOT NULL PRIMARY KEY, commentable_type VARCHAR(100), commentable_id " + big + ", body VARCHAR(100))");
        List<String> inserts = new ArrayList<>();
        int comment = 1;
        for (int id = 1; id <= PARTNERS; id++) {
            if (IncidentDatabase.isPerson(id) && id % 3 == 1) {
                inserts.add("(" + comment++ + ", " + PERSON_TYPE + ", " + id + ", 'about a person')");
            }
            if (IncidentDatabase.isClient(id) && id % 4 == 2) {
                inserts.add("(" + comment++ + ", " + GUEST_TYPE + ", " + (id * 2) + ", 'about a guest')");
            }
        }
        db.execute("INSERT INTO comments_comment (id, content_type_id, object_id, text) VALUES " + String.join(", ", inserts));
        db.execute("INSERT INTO misc_rating (id, level_id) VALUES (1, 1), (2, 2), (3, 3), (4, 5), (5, NULL)");
        // on every date: small integers inside the dense partner ids (and others), a constant, and a
        // self-reference by chance (a few of the table's own dense ids): contained, but luck
        List<String> visits = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            visits.add("(" + (VISITS + i) + ", " + (i % 10 + 1) + ", 3, " + (VISITS + i % 7) + ")");
        }
        db.execute("INSERT INTO misc_visit (id, room_id, clerk_id, batch_id) VALUES " + String.join(", ", visits));
        List<String> rails = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            rails.add("(" + i + ", 'post " + i + "')");
        }
        db.execute("INSERT INTO posts (id, title) VALUES " + String.join(", ", rails),
                "INSERT INTO people (id, name) VALUES (100, 'Ann'), (101, 'Bob'), (102, 'Cy')",
                "INSERT INTO categories (id, name) VALUES (7000, 'News'), (7001, 'Sports')",
                "INSERT INTO comments (id, commentable_type, commentable_id, body) VALUES (1, 'Post', 3, 'a'), (2, 'Post', 40, 'b'), "
                        + "(3, 'Person', 101, 'c'), (4, 'Admin::Category', 7001, 'd'), (5, 'Person', 100, 'e'), (6, NULL, NULL, 'f')");
        Path plain = writeConfig("plain.yaml", "");
        snapshot(plain, D1);
        for (int k = 0; k < 40; k++) {
            gone.add(11 + 37 * k);
        }
        try (Connection c = db.connect()) {
            new IncidentDatabase(c, db.kind()).deletePartners(gone);
        }
        db.execute("DELETE FROM comments_comment WHERE content_type_id = " + PERSON_TYPE + " AND object_id IN ("
                        + gone.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")",
                "DELETE FROM comments_comment WHERE content_type_id = " + GUEST_TYPE + " AND object_id NOT IN (SELECT id FROM cal_guest)",
                // on the second date the small integers are no longer inside any key
                "UPDATE misc_rating SET level_id = 99999 WHERE id = 4");
        snapshot(plain, D2);
        long t0 = System.nanoTime();
        yaml = Cli.run("references", "--config", plain.toString());
        seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, yaml.exit(), yaml::toString);
        System.out.printf("references on %d partners (%s): %.1f s%n", PARTNERS, db.kind(), seconds);
        Cli.Result j = Cli.run("references", "--config", plain.toString(), "--format", "json");
        assertEquals(0, j.exit(), j::toString);
        json = new ObjectMapper().readTree(j.out());
    }

    Path writeConfig(String name, String sourceTail) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "warehouse: " + dir.resolve("warehouse") + "\nsnapshot:\n  parallelTables: 4\nsources:\n  src:\n" + db.sourceYaml() + sourceTail);
        return file;
    }

    void snapshot(Path config, LocalDate date) {
        Cli.Result r = Cli.run("snapshot", "--config", config.toString(), "--date", date.toString());
        assertEquals(0, r.exit(), r::toString);
    }

    @AfterAll
    void drop() throws Exception {
        db.close();
    }

    static Set<String> references(JsonNode list) {
        Set<String> out = new TreeSet<>();
        list.forEach(n -> out.add(n.get("reference").asText()));
        return out;
    }

    @Test
    void findsExactlyTheUndeclaredReferencesWithTheirContentTypes() {
        Set<String> want = new TreeSet<>(IncidentDatabase.REFERENCES);
        want.addAll(EXTRA);
        assertEquals(want, references(json.get("references")), yaml::toString);
        for (JsonNode n : json.get("references")) {
            assertEquals(1.0, n.get("coverage").asDouble(), n::toString);
            assertEquals(2, n.get("dates").asInt(), n::toString);
        }
    }

    @Test
    void theDoctorGoesToTheMostSpecificTableAndNamesTheOthers() {
        JsonNode doctor = null;
        for (JsonNode n : json.get("references")) {
            if (n.get("column").asText().equals("doctor_id")) {
                doctor = n;
            }
        }
        assertTrue(doctor != null, json::toString);
        assertTrue(doctor.get("alsoContainedIn").toString().contains("contacts_partner.id"), doctor::toString);
        assertTrue(yaml.out().contains("also contained in contacts_partner.id"), yaml::toString);
    }

    @Test
    void showsTheMappingOfTypesToTables() {
        assertTrue(yaml.out().contains("content type 42 = pcsw.client -> pcsw_client"), yaml::toString);
        assertTrue(yaml.out().contains("content type 60 = calendar.guest -> cal_guest (db_table override"), yaml::toString);
        assertTrue(yaml.out().contains("'Admin::Category' -> categories (Rails/Laravel convention"), yaml::toString);
    }

    @Test
    void smallIntegersInsideAKeyOnOneDateOnlyAreNotPasteReady() {
        for (String r : references(json.get("references"))) {
            assertFalse(r.startsWith("misc_rating."), r);
        }
        for (JsonNode n : json.get("possible")) {
            if (n.get("column").asText().equals("level_id")) {
                assertTrue(n.get("worstCoverage").asDouble() < 1.0, n::toString);
                assertTrue(n.get("unmatched").toString().contains("99999"), n::toString);
            }
        }
        assertFalse(yaml.out().lines().anyMatch(l -> l.strip().startsWith("- \"misc_rating")), yaml::toString);
    }

    @Test
    void containmentThatLuckExplainsIsOnlyPossibleWithTheReason() {
        for (String r : references(json.get("references"))) {
            assertFalse(r.startsWith("misc_visit."), r + "\n" + yaml.out());
        }
        Set<String> seen = new TreeSet<>();
        for (JsonNode n : json.get("possible")) {
            if (!n.get("table").asText().equals("misc_visit")) {
                continue;
            }
            String column = n.get("column").asText();
            seen.add(column);
            assertEquals(1.0, n.get("worstCoverage").asDouble(), n::toString);
            String evidence = n.get("evidence").asText();
            switch (column) {
                case "room_id" -> assertTrue(evidence.contains("10 distinct values in [1, 10]") && evidence.contains("may be luck"), evidence);
                case "clerk_id" -> assertTrue(evidence.contains("constant column"), evidence);
                case "batch_id" -> {
                    assertEquals("misc_visit.batch_id -> misc_visit.id", n.get("reference").asText(), n::toString);
                    assertTrue(evidence.startsWith("a self-reference") && evidence.contains("may be luck"), evidence);
                }
                default -> throw new AssertionError("unexpected " + n);
            }
        }
        assertEquals(Set.of("batch_id", "clerk_id", "room_id"), seen, yaml::toString);
        assertTrue(yaml.out().contains("#       only possible: a constant column"), yaml::toString);
        assertFalse(yaml.out().lines().anyMatch(l -> l.strip().startsWith("- \"misc_visit")), yaml::toString);
        // the real ones carry their evidence: a framework's naming, or a chance too small to be luck
        for (JsonNode n : json.get("references")) {
            String evidence = n.get("evidence").asText();
            if (n.get("column").asText().equals("doctor_id")) {
                assertTrue(evidence.contains("all inside by chance with probability about 1e-"), evidence);
            } else {
                assertTrue(evidence.contains("naming gives") || evidence.contains("name names"), n::toString);
            }
        }
    }

    @Test
    void theOutputAppendedToTheConfigurationLoadsAndGivesTheSameRestoreAsTheHandWrittenOne() throws Exception {
        Path suggested = writeConfig("suggested.yaml", yaml.out());
        var loaded = new ConfigLoader().load(suggested).source("src");
        Set<String> texts = new TreeSet<>();
        loaded.references().forEach(r -> texts.add(r.text()));
        Set<String> want = new TreeSet<>(IncidentDatabase.REFERENCES);
        want.addAll(EXTRA);
        assertEquals(want, texts);

        Path hand = writeConfig("hand.yaml", "    references:\n" + want.stream().sorted(java.util.Comparator.reverseOrder())
                .map(r -> "      - \"" + r + "\"\n").collect(Collectors.joining()));
        List<String> a = restore(hand, "out-hand");
        List<String> b = restore(suggested, "out-suggested");
        assertTrue(a.stream().anyMatch(l -> l.contains("notes_note")), "the hand-written restore brings notes back");
        assertTrue(a.stream().anyMatch(l -> l.contains("comments_comment")), "and comments");
        assertEquals(a, b);
    }

    @Test
    void reconcileWithoutTheReferencesWarnsBeforeWritingAndStrictRefuses() throws Exception {
        Path plain = dir.resolve("plain.yaml");
        long clients = gone.stream().filter(IncidentDatabase::isClient).count();
        Cli.Result r = Cli.run("reconcile", "--config", plain.toString(), "--from", D1.toString(), "--to", D2.toString(),
                "--root", "contacts_partner", "--out", dir.resolve("out-plain").toString());
        assertEquals(0, r.exit(), r::toString);
        String warning = r.out().lines().filter(l -> l.contains("notes_note.owner_id holds") && l.contains("(owner_type_id = 42)"))
                .findFirst().orElse("");
        assertTrue(warning.contains("holds " + clients + " of the vanished pcsw_client keys"), r::toString);
        assertTrue(warning.contains("add `- \"notes_note.(owner_type_id = 42, owner_id) -> pcsw_client.person_ptr_id\"` to references:"), warning);
        assertTrue(r.out().contains("comments_comment.object_id holds"), r::toString);
        assertTrue(r.out().indexOf("warning: ") < r.out().indexOf("restore.sql and undo.sql written"), r::toString);

        Cli.Result strict = Cli.run("reconcile", "--config", plain.toString(), "--from", D1.toString(), "--to", D2.toString(),
                "--root", "contacts_partner", "--out", dir.resolve("out-strict").toString(), "--strict-references");
        Cli.assertRefused(strict, "--strict-references", "undeclared column(s) hold vanished keys", "references:");
        assertFalse(Files.exists(dir.resolve("out-strict").resolve("restore.sql")));

        Path hand = writeConfig("hand-only.yaml", "    references:\n" + IncidentDatabase.REFERENCES.stream().map(x -> "      - \"" + x + "\"\n")
                .collect(Collectors.joining()) + EXTRA.stream().map(x -> "      - \"" + x + "\"\n").collect(Collectors.joining()));
        Cli.Result ok = Cli.run("reconcile", "--config", hand.toString(), "--from", D1.toString(), "--to", D2.toString(),
                "--root", "contacts_partner", "--out", dir.resolve("out-hand-strict").toString(), "--strict-references");
        assertEquals(0, ok.exit(), ok::toString);
        assertFalse(ok.out().contains("warning: "), ok::toString);
    }

    List<String> restore(Path config, String out) throws Exception {
        Path o = dir.resolve(out);
        Cli.Result r = Cli.run("reconcile", "--config", config.toString(), "--from", D1.toString(), "--to", D2.toString(),
                "--root", "contacts_partner", "--out", o.toString());
        assertEquals(0, r.exit(), r::toString);
        return Files.readAllLines(o.resolve("restore.sql")).stream().filter(l -> !l.startsWith("--")).sorted().toList();
    }
}

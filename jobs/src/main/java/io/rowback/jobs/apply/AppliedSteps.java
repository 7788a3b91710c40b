package io.rowback.jobs.apply;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rowback.errors.Errors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * applied.json beside a reconcile's scripts: for each step, when a committed apply last changed a row
 * for it, through restore.sql and through undo.sql. With it, undo tells a step restore never carried out
 * (skipped, held back: nothing to undo) from a restored row a person changed afterwards (left alone
 * and listed). It names the restore.sql it was written for by its SHA-256, so a folder reconciled again
 * does not inherit the old record.
 */
final class AppliedSteps {
    static final String FILE = "applied.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    enum Direction { restore, undo }

    /** What applied.json holds. */
    record Record(String restoreSha256, Map<String, Map<Integer, String>> steps) {
    }

    /**
     * What undo can go by: the checked steps of restore.sql (a step only undo has, such as setting back
     * what a trigger stamps on a re-inserted row, is not governed by the record), those restore changed,
     * and those of them not undone since.
     */
    record ForUndo(Set<Integer> inRestore, Set<Integer> restored, Set<Integer> restoredSinceUndo) {
    }

    private AppliedSteps() {
    }

    /** restore or undo, by the first line rowback writes; null for any other script. */
    static Direction directionOf(String scriptText) {
        String first = scriptText.lines().findFirst().orElse("").strip();
        if (first.equals("-- rowback restore script")) {
            return Direction.restore;
        }
        if (first.equals("-- rowback undo script")) {
            return Direction.undo;
        }
        return null;
    }

    /** For an undo.sql: what applied.json in its folder says of the restore.sql beside it; null when it says nothing that holds. */
    static ForUndo forUndo(Path undoScript, String dialect) throws IOException {
        Path folder = folderOf(undoScript);
        Path restore = folder.resolve("restore.sql");
        Record r = read(folder);
        if (r == null || !Files.isRegularFile(restore)) {
            return null;
        }
        String restoreText = Files.readString(restore, StandardCharsets.UTF_8);
        if (!sha256(restoreText).equals(r.restoreSha256())) {
            return null;
        }
        Set<Integer> inRestore = new TreeSet<>();
        for (SqlScript.Statement st : SqlScript.parse(restoreText, dialect).statements()) {
            io.rowback.jobs.script.Marks.Mark m = io.rowback.jobs.script.Marks.parse(st.marks());
            if (m != null && m.checked()) {
                inRestore.add(m.step());
            }
        }
        Map<Integer, String> restored = r.steps().getOrDefault(Direction.restore.name(), Map.of());
        Map<Integer, String> undone = r.steps().getOrDefault(Direction.undo.name(), Map.of());
        Set<Integer> since = new TreeSet<>();
        restored.forEach((step, when) -> {
            String u = undone.get(step);
            if (u == null || Instant.parse(u).isBefore(Instant.parse(when))) {
                since.add(step);
            }
        });
        return new ForUndo(inRestore, new TreeSet<>(restored.keySet()), since);
    }

    /** Records that a committed apply of the script changed rows for these steps now. */
    static void record(Path script, Direction direction, Set<Integer> changed) throws IOException {
        record(script, direction, changed, Instant.now());
    }

    /** As {@link #record(Path, Direction, Set)}, at a given instant. */
    static void record(Path script, Direction direction, Set<Integer> changed, Instant when) throws IOException {
        if (changed.isEmpty()) {
            return;
        }
        Path folder = folderOf(script);
        Path restore = folder.resolve("restore.sql");
        if (!Files.isRegularFile(restore)) {
            return;   // a script moved away from its folder: nothing to tie the record to
        }
        String sha = sha256(Files.readString(restore, StandardCharsets.UTF_8));
        Record old = read(folder);
        Map<String, Map<Integer, String>> steps = new LinkedHashMap<>();
        if (old != null && old.restoreSha256().equals(sha)) {
            old.steps().forEach((d, s) -> steps.put(d, new TreeMap<>(s)));
        }
        String now = when.toString();
        Map<Integer, String> mine = steps.computeIfAbsent(direction.name(), d -> new TreeMap<>());
        changed.forEach(s -> mine.put(s, now));
        Path tmp = folder.resolve(FILE + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(new Record(sha, steps)) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, folder.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Record read(Path folder) throws IOException {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            Map<String, Object> raw = JSON.readValue(file.toFile(), new TypeReference<>() {
            });
            Map<String, Map<Integer, String>> steps = JSON.convertValue(raw.get("steps"), new TypeReference<>() {
            });
            return new Record((String) raw.get("restoreSha256"), steps == null ? Map.of() : steps);
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw Errors.invalid(file + " is not a record rowback apply wrote (" + Errors.oneLine(e.getMessage())
                    + "); move it away, and undo goes by the rows alone");
        }
    }

    private static Path folderOf(Path script) {
        Path parent = script.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

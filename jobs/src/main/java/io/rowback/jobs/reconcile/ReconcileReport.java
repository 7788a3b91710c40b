package io.rowback.jobs.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rowback.jobs.history.ValueText;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** report.json (for tools) and report.md (for people): what reconcile found and what the scripts do. */
final class ReconcileReport {
    private ReconcileReport() {
    }

    static Map<String, Object> model(Plan plan, RestoreScriptWriter.Summary summary) {
        ReconcileRequest req = plan.request();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", req.source().name());
        m.put("from", req.from().toString());
        m.put("to", req.to().toString());
        m.put("roots", req.roots());
        m.put("written", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("snapshotDates", plan.dates().stream().map(Object::toString).toList());
        m.put("deletedRoots", plan.roots());
        List<Map<String, Object>> series = new ArrayList<>();
        int i = 1;
        for (Timeline.Series s : plan.series()) {
            series.add(ordered("series", i++, "lastSeen", s.lastSeen().toString(), "firstMissing", s.firstMissing().toString(), "roots", s.roots()));
        }
        m.put("series", series);
        Map<String, Object> tables = new LinkedHashMap<>();
        plan.counts().forEach((t, c) -> tables.put(t, ordered("vanished", c.vanished(), "restore", c.restore(), "heldBack", c.heldBack(),
                "dangling", c.dangling(), "inserted", summary.inserted().getOrDefault(t, 0L))));
        m.put("tables", tables);
        List<Map<String, Object>> remaps = new ArrayList<>();
        for (Remapper.Remap r : plan.remaps().remaps()) {
            List<String> keyColumns = Keys.identity(plan.before().table(r.table()).orElseThrow());
            remaps.add(ordered("table", r.table(), "family", List.copyOf(plan.graph().family(r.table())),
                    "recreatedKey", keyColumns.stream().map(c -> jsonValue(r.recreated().get(c))).toList(),
                    "originalKey", keyColumns.stream().map(c -> jsonValue(r.original().get(c))).toList(),
                    "recreated", json(r.recreated()), "original", json(r.original()),
                    "keys", r.keys().stream().map(k -> ordered("name", k.keyName(), "columns", k.columns(), "values", jsonList(k.values()))).toList()));
        }
        m.put("remaps", remaps);
        List<Map<String, Object>> conflicts = new ArrayList<>();
        for (Remapper.Conflict c : plan.remaps().conflicts()) {
            List<String> keyColumns = Keys.identity(plan.before().table(c.table()).orElseThrow());
            conflicts.add(ordered("table", c.table(),
                    "vanishedKey", c.original() == null ? List.of() : keyColumns.stream().map(k -> jsonValue(c.original().get(k))).toList(),
                    "holderKey", c.holderAfter() == null ? List.of() : keyColumns.stream().map(k -> jsonValue(c.holderAfter().get(k))).toList(),
                    "key", ordered("name", c.key().keyName(), "columns", c.key().columns(), "values", jsonList(c.key().values())),
                    "reason", c.reason(), "vanished", json(c.original()), "holderBefore", json(c.holderBefore()), "holderAfter", json(c.holderAfter()),
                    "holderHistory", c.holderHistory().stream().map(ReconcileReport::json).toList()));
        }
        m.put("conflicts", conflicts);
        List<Map<String, Object>> dangling = new ArrayList<>();
        for (Plan.Dangling d : plan.dangling()) {
            dangling.add(ordered("reference", d.reference().toString(), "declared", d.reference().declared(), "rows", d.rows(),
                    "sample", d.sample().stream().map(ReconcileReport::json).toList()));
        }
        m.put("dangling", dangling);
        List<Map<String, Object>> cut = new ArrayList<>();
        for (Relinks.Found f : plan.links().found()) {
            cut.add(ordered("reference", f.reference().toString(), "declared", f.reference().declared(), "onDelete", f.reference().onDelete(),
                    "cutBy", f.cutByDatabase() ? "ON DELETE SET NULL" : "hand", "rows", f.rows(), "setBack", f.setBack()));
        }
        m.put("cutReferences", ordered("onDeleteSetNull", plan.links().rows(true), "nulledByHand", plan.links().rows(false),
                "nulledByHandSetBack", plan.links().setBack(false), "references", cut));
        m.put("script", ordered("freedKeys", summary.freedKeys(), "repointed", summary.repointed(), "deletedRecreated", summary.deletedRecreated(),
                "relinked", summary.relinked()));
        List<String> warnings = new ArrayList<>(plan.warnings());
        warnings.addAll(summary.notes());
        m.put("warnings", warnings);
        return m;
    }

    static void writeJson(Path file, Map<String, Object> model) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), model);
    }

    @SuppressWarnings("unchecked")
    static void writeMarkdown(Path file, Map<String, Object> m) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("# rowback reconcile: ").append(m.get("source")).append(", ").append(m.get("from")).append(" → ").append(m.get("to")).append("\n\n");
        s.append("Roots: ").append(String.join(", ", (List<String>) m.get("roots"))).append(". Deleted roots: **").append(m.get("deletedRoots"))
                .append("**. Snapshots read: ").append(((List<?>) m.get("snapshotDates")).size()).append(".\n\n");
        s.append("## When they vanished\n\n| series | last seen | missing since | roots |\n|---:|---|---|---:|\n");
        for (Map<String, Object> x : (List<Map<String, Object>>) m.get("series")) {
            s.append("| ").append(x.get("series")).append(" | ").append(x.get("lastSeen")).append(" | ").append(x.get("firstMissing"))
                    .append(" | ").append(x.get("roots")).append(" |\n");
        }
        s.append("\n## Rows per table\n\n| table | vanished | to restore | held back | dangling |\n|---|---:|---:|---:|---:|\n");
        ((Map<String, Map<String, Object>>) m.get("tables")).forEach((t, c) -> s.append("| ").append(t).append(" | ").append(c.get("vanished"))
                .append(" | ").append(c.get("restore")).append(" | ").append(c.get("heldBack")).append(" | ").append(c.get("dangling")).append(" |\n"));
        s.append("\n## Re-created rows (remapped to their original ids)\n\n");
        List<Map<String, Object>> remaps = (List<Map<String, Object>>) m.get("remaps");
        if (remaps.isEmpty()) {
            s.append("None.\n");
        }
        for (Map<String, Object> r : remaps) {
            s.append("- **").append(r.get("table")).append("**: the row ").append(r.get("recreated")).append(" re-creates ").append(r.get("original"))
                    .append(" (same ").append(((List<Map<String, Object>>) r.get("keys")).stream().map(k -> k.get("columns") + " = " + k.get("values")).toList())
                    .append("); everything that points at it is pointed at the original, and it is deleted.\n");
        }
        s.append("\n## Conflicts (nothing done; decide by hand)\n\n");
        List<Map<String, Object>> conflicts = (List<Map<String, Object>>) m.get("conflicts");
        if (conflicts.isEmpty()) {
            s.append("None.\n");
        }
        for (Map<String, Object> c : conflicts) {
            s.append("### ").append(c.get("table")).append(": ").append(((Map<String, Object>) c.get("key")).get("columns")).append(" = ")
                    .append(((Map<String, Object>) c.get("key")).get("values")).append("\n\n").append(c.get("reason")).append(".\n\n");
            s.append("| | row |\n|---|---|\n");
            s.append("| vanished (").append(m.get("from")).append(") | `").append(c.get("vanished")).append("` |\n");
            s.append("| holder on ").append(m.get("from")).append(" | `").append(c.get("holderBefore")).append("` |\n");
            s.append("| holder on ").append(m.get("to")).append(" | `").append(c.get("holderAfter")).append("` |\n\n");
            List<Map<String, Object>> history = (List<Map<String, Object>>) c.get("holderHistory");
            if (!history.isEmpty()) {
                s.append("The holder's key, date by date: ");
                s.append(String.join(", ", history.stream().map(Object::toString).toList())).append("\n\n");
            }
        }
        s.append("\n## Dangling references (rows still there that point at a vanished row)\n\n");
        List<Map<String, Object>> dangling = (List<Map<String, Object>>) m.get("dangling");
        if (dangling.isEmpty()) {
            s.append("None.\n");
        }
        for (Map<String, Object> d : dangling) {
            s.append("- `").append(d.get("reference")).append("`").append(Boolean.TRUE.equals(d.get("declared")) ? "" : " (configured)")
                    .append(": ").append(d.get("rows")).append(" rows, e.g. ").append(d.get("sample")).append("\n");
        }
        Map<String, Object> cut = (Map<String, Object>) m.get("cutReferences");
        s.append("\n## References cut when their parent vanished\n\n").append(cut.get("onDeleteSetNull")).append(" cut by ON DELETE SET NULL (set back), ")
                .append(cut.get("nulledByHand")).append(" nulled by hand (").append(cut.get("nulledByHandSetBack")).append(" set back).\n\n");
        for (Map<String, Object> c : (List<Map<String, Object>>) cut.get("references")) {
            s.append("- `").append(c.get("reference")).append("`: ").append(c.get("rows")).append(" rows, ").append(c.get("cutBy"))
                    .append(Boolean.TRUE.equals(c.get("setBack")) ? ", set back" : ", left NULL (restoreNulledReferences: true sets them back)").append("\n");
        }
        List<String> warnings = (List<String>) m.get("warnings");
        if (!warnings.isEmpty()) {
            s.append("\n## Warnings\n\n");
            warnings.forEach(w -> s.append("- ").append(w).append("\n"));
        }
        s.append("\n## What the scripts do\n\nrestore.sql inserts the rows to restore (parents first), frees and hands back the keys of re-created rows ("
                ).append(((Map<String, Object>) m.get("script")).get("freedKeys")).append("), points ")
                .append(((Map<String, Object>) m.get("script")).get("repointed")).append(" references at the originals and deletes ")
                .append(((Map<String, Object>) m.get("script")).get("deletedRecreated"))
                .append(" re-created rows, in one transaction. undo.sql reverts exactly that.\n");
        Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
    }

    static Map<String, Object> json(Map<String, Object> row) {
        if (row == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        row.forEach((k, v) -> out.put(k, jsonValue(v)));
        return out;
    }

    static List<Object> jsonList(List<Object> values) {
        return values.stream().map(ReconcileReport::jsonValue).toList();
    }

    static Object jsonValue(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
                || v instanceof Short || v instanceof Byte || v instanceof java.math.BigDecimal) {
            return v;
        }
        if (v instanceof Double dd && !dd.isNaN() && !dd.isInfinite()) {
            return v;
        }
        if (v instanceof Float ff && !ff.isNaN() && !ff.isInfinite()) {
            return v;
        }
        return ValueText.of(v);
    }

    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}

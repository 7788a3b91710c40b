package io.rowback.jobs.reconcile;

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

    static Report model(Plan plan, RestoreScriptWriter.Summary summary) {
        ReconcileRequest req = plan.request();
        List<Report.Series> series = new ArrayList<>();
        int i = 1;
        for (Timeline.Series s : plan.series()) {
            series.add(new Report.Series(i++, s.lastSeen().toString(), s.firstMissing().toString(), s.roots()));
        }
        Map<String, Report.TableCounts> tables = new LinkedHashMap<>();
        plan.counts().forEach((t, c) -> tables.put(t, new Report.TableCounts(c.vanished(), c.restore(), c.heldBack(), c.dangling(),
                summary.inserted().getOrDefault(t, 0L))));
        List<Report.Remap> remaps = new ArrayList<>();
        for (Remapper.Remap r : plan.remaps().remaps()) {
            List<String> keyColumns = Keys.identity(plan.before().table(r.table()).orElseThrow());
            remaps.add(new Report.Remap(r.table(), List.copyOf(plan.graph().family(r.table())),
                    keyColumns.stream().map(c -> jsonValue(r.recreated().get(c))).toList(),
                    keyColumns.stream().map(c -> jsonValue(r.original().get(c))).toList(),
                    json(r.recreated()), json(r.original()), r.keys().stream().map(ReconcileReport::key).toList(), List.copyOf(keyColumns)));
        }
        List<Report.Conflict> conflicts = new ArrayList<>();
        for (Remapper.Conflict c : plan.remaps().conflicts()) {
            List<String> keyColumns = Keys.identity(plan.before().table(c.table()).orElseThrow());
            conflicts.add(new Report.Conflict(c.table(),
                    c.original() == null ? List.of() : keyColumns.stream().map(k -> jsonValue(c.original().get(k))).toList(),
                    c.holderAfter() == null ? List.of() : keyColumns.stream().map(k -> jsonValue(c.holderAfter().get(k))).toList(),
                    key(c.key()), c.reason(), json(c.original()), json(c.holderBefore()), json(c.holderAfter()),
                    c.holderHistory().stream().map(ReconcileReport::json).toList(), List.copyOf(keyColumns)));
        }
        List<Report.Dangling> dangling = new ArrayList<>();
        for (Plan.Dangling d : plan.dangling()) {
            dangling.add(new Report.Dangling(d.reference().toString(), d.reference().declared(), d.rows(),
                    d.sample().stream().map(ReconcileReport::json).toList()));
        }
        List<Report.CutReference> cut = new ArrayList<>();
        for (Relinks.Found f : plan.links().found()) {
            cut.add(new Report.CutReference(f.reference().toString(), f.reference().declared(), f.reference().onDelete(),
                    f.cutByDatabase() ? "ON DELETE SET NULL" : "hand", f.rows(), f.setBack()));
        }
        Report.CutReferences cutReferences = new Report.CutReferences(plan.links().rows(true), plan.links().rows(false),
                plan.links().setBack(false), List.copyOf(cut));
        List<String> warnings = new ArrayList<>(plan.warnings());
        warnings.addAll(summary.notes());
        return new Report(req.source().name(), req.from().toString(), req.to().toString(), List.copyOf(req.roots()),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), plan.dates().stream().map(Object::toString).toList(), plan.roots(),
                series, tables, remaps, conflicts, dangling, cutReferences,
                new Report.Script(summary.freedKeys(), summary.repointed(), summary.deletedRecreated(), summary.relinked(), summary.perTable()),
                List.copyOf(warnings));
    }

    private static Report.Key key(Remapper.KeyValue k) {
        return new Report.Key(k.keyName(), List.copyOf(k.columns()), jsonList(k.values()));
    }

    static void writeMarkdown(Path file, Report m) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("# rowback reconcile: ").append(m.source()).append(", ").append(m.from()).append(" → ").append(m.to()).append("\n\n");
        s.append("Roots: ").append(String.join(", ", m.roots())).append(". Deleted roots: **").append(m.deletedRoots())
                .append("**. Snapshots read: ").append(m.snapshotDates().size()).append(".\n\n");
        s.append("## When they vanished\n\n| series | last seen | missing since | roots |\n|---:|---|---|---:|\n");
        for (Report.Series x : m.series()) {
            s.append("| ").append(x.series()).append(" | ").append(x.lastSeen()).append(" | ").append(x.firstMissing())
                    .append(" | ").append(x.roots()).append(" |\n");
        }
        s.append("\n## Rows per table\n\n| table | vanished | to restore | held back | dangling |\n|---|---:|---:|---:|---:|\n");
        m.tables().forEach((t, c) -> s.append("| ").append(t).append(" | ").append(c.vanished())
                .append(" | ").append(c.restore()).append(" | ").append(c.heldBack()).append(" | ").append(c.dangling()).append(" |\n"));
        s.append("\n## Re-created rows (remapped to their original ids)\n\n");
        if (m.remaps().isEmpty()) {
            s.append("None.\n");
        }
        for (Report.Remap r : m.remaps()) {
            s.append("- **").append(r.table()).append("**: the row ").append(r.recreated()).append(" re-creates ").append(r.original())
                    .append(" (same ").append(r.keys().stream().map(k -> k.columns() + " = " + k.values()).toList())
                    .append("); everything that points at it is pointed at the original, and it is deleted.\n");
        }
        s.append("\n## Conflicts (nothing done; decide by hand)\n\n");
        if (m.conflicts().isEmpty()) {
            s.append("None.\n");
        }
        for (Report.Conflict c : m.conflicts()) {
            s.append("### ").append(c.table()).append(": ").append(c.key().columns()).append(" = ")
                    .append(c.key().values()).append("\n\n").append(c.reason()).append(".\n\n");
            s.append("| | row |\n|---|---|\n");
            s.append("| vanished (").append(m.from()).append(") | `").append(c.vanished()).append("` |\n");
            s.append("| holder on ").append(m.from()).append(" | `").append(c.holderBefore()).append("` |\n");
            s.append("| holder on ").append(m.to()).append(" | `").append(c.holderAfter()).append("` |\n\n");
            if (!c.holderHistory().isEmpty()) {
                s.append("The holder's key, date by date: ");
                s.append(String.join(", ", c.holderHistory().stream().map(Object::toString).toList())).append("\n\n");
            }
        }
        s.append("\n## Dangling references (rows still there that point at a vanished row)\n\n");
        if (m.dangling().isEmpty()) {
            s.append("None.\n");
        }
        for (Report.Dangling d : m.dangling()) {
            s.append("- `").append(d.reference()).append("`").append(d.declared() ? "" : " (configured)")
                    .append(": ").append(d.rows()).append(" rows, e.g. ").append(d.sample()).append("\n");
        }
        Report.CutReferences cut = m.cutReferences();
        if (cut != null) {
            s.append("\n## References cut when their parent vanished\n\n").append(cut.onDeleteSetNull()).append(" cut by ON DELETE SET NULL (set back), ")
                    .append(cut.nulledByHand()).append(" nulled by hand (").append(cut.nulledByHandSetBack()).append(" set back).\n\n");
            for (Report.CutReference c : cut.references()) {
                s.append("- `").append(c.reference()).append("`: ").append(c.rows()).append(" rows, ").append(c.cutBy())
                        .append(c.setBack() ? ", set back" : ", left NULL (restoreNulledReferences: true sets them back)").append("\n");
            }
        }
        if (!m.warnings().isEmpty()) {
            s.append("\n## Warnings\n\n");
            m.warnings().forEach(w -> s.append("- ").append(w).append("\n"));
        }
        s.append("\n## What the scripts do\n\nrestore.sql inserts the rows to restore (parents first), frees and hands back the keys of re-created rows ("
                ).append(m.script().freedKeys()).append("), points ").append(m.script().repointed())
                .append(" references at the originals and deletes ").append(m.script().deletedRecreated())
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
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof java.math.BigDecimal
) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if ((v instanceof Double || v instanceof Float) && Double.isFinite(((Number) v).doubleValue())) {
            return new java.math.BigDecimal(v.toString());
        }
        return ValueText.of(v);
    }
}

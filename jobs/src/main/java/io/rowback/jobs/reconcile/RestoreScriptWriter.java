package io.rowback.jobs.reconcile;

import io.rowback.catalog.ForeignKey;
import io.rowback.catalog.Table;
import io.rowback.dialect.Dialect;
import io.rowback.graph.InsertOrder;
import io.rowback.jobs.script.Marks;
import io.rowback.jobs.script.Step;
import org.apache.spark.sql.SparkSession;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes restore.sql and undo.sql, in the source's dialect, to be read by a person before they run.
 * {@link RestorePlanner} turns the plan into steps; restore.sql is the steps forward, undo.sql the
 * same steps backward in reverse order, so that undo is the inverse by construction. Each statement
 * carries its step's number, the rows it expects to change and a query that tells whether it is
 * already done ({@link Marks}), which apply holds it to. Both files are written in one transaction.
 */
final class RestoreScriptWriter {
    /** What the scripts hold. */
    record Summary(Map<String, Long> inserted, long freedKeys, long repointed, long deletedRecreated, long relinked, long steps, List<String> notes,
                   Map<String, Report.Applied> perTable) {
    }

    private final SparkSession spark;
    private final Plan plan;
    private final Dialect d;
    private final String origin;

    RestoreScriptWriter(SparkSession spark, Plan plan, Dialect dialect, String originLine) {
        this.spark = spark;
        this.plan = plan;
        this.d = dialect;
        this.origin = originLine;
    }

    Summary write(Path restore, Path undo) throws IOException {
        RestorePlanner planner = new RestorePlanner(spark, plan, new StepSql(d));
        try {
            List<RestorePlanner.Phase> phases = planner.phases();
            Path body = restore.resolveSibling(restore.getFileName() + ".body");
            long steps = 0;
            // undo runs the steps backward, so a step's undo needs the undo of every step that needed it
            Map<Integer, List<Integer>> neededBy = new java.util.HashMap<>();
            Map<String, long[]> perTable = new LinkedHashMap<>();
            try (Writer w = Files.newBufferedWriter(body, StandardCharsets.UTF_8)) {
                for (RestorePlanner.Phase p : phases) {
                    w.write("\n-- " + p.title() + "\n");
                    String table = null;
                    for (Iterator<Step> it = p.forward(); it.hasNext(); ) {
                        Step s = it.next();
                        if (s.forward() == null) {
                            continue;
                        }
                        if (s.table() != null && !s.table().equals(table) && s.kind() == Step.Kind.INSERT) {
                            w.write("\n-- " + s.table() + "\n");
                        }
                        table = s.table();
                        if (s.kind() != Step.Kind.FIX_UP) {
                            for (int need : s.needs()) {
                                neededBy.computeIfAbsent(need, x -> new ArrayList<>()).add(s.number());
                            }
                        }
                        write(w, s, s.forward(), s.needs());
                        steps++;
                        count(perTable, s);
                    }
                }
                w.write("\nCOMMIT;\n");
            }
            Summary summary = new Summary(planner.insertedCounts(), planner.freedKeys(), planner.repointed(), planner.deletedRecreated(), planner.relinked(), steps,
                    planner.notes(), applied(perTable));
            try (Writer w = Files.newBufferedWriter(restore, StandardCharsets.UTF_8)) {
                header(w, "restore", summary, planner.order(), planner.shared());
                try (BufferedReader r = Files.newBufferedReader(body, StandardCharsets.UTF_8)) {
                    r.transferTo(w);
                }
            }
            Files.delete(body);
            try (Writer w = Files.newBufferedWriter(undo, StandardCharsets.UTF_8)) {
                header(w, "undo", summary, planner.order(), planner.shared());
                List<RestorePlanner.Phase> reversed = new ArrayList<>(phases);
                Collections.reverse(reversed);
                for (RestorePlanner.Phase p : reversed) {
                    Iterator<Step> it = p.backward();
                    if (!it.hasNext()) {
                        continue;
                    }
                    w.write("\n-- " + p.undoTitle() + "\n");
                    while (it.hasNext()) {
                        Step s = it.next();
                        if (s.backward() != null) {
                            write(w, s, s.undo(), neededBy.getOrDefault(s.number(), List.of()));
                        }
                    }
                }
                w.write("\nCOMMIT;\n");
            }
            return summary;
        } finally {
            planner.release();
        }
    }

    /** Rows the step changes in its table, by kind: inserted, repointed, deleted, keys freed. */
    private static void count(Map<String, long[]> perTable, Step s) {
        int i = switch (s.kind()) {
            case INSERT -> 0;
            case REPOINT -> 1;
            case DELETE_RECREATED -> 2;
            case FREE_KEY -> 3;
            default -> -1;
        };
        if (i >= 0 && s.table() != null) {
            perTable.computeIfAbsent(s.table(), t -> new long[4])[i]++;
        }
    }

    private static Map<String, Report.Applied> applied(Map<String, long[]> perTable) {
        Map<String, Report.Applied> out = new LinkedHashMap<>();
        perTable.forEach((t, n) -> out.put(t, new Report.Applied(n[0], n[1], n[2], n[3])));
        return out;
    }

    private static void write(Writer w, Step s, Step.Statement st, List<Integer> needs) throws IOException {
        boolean forward = st == s.forward();
        if (forward && s.comment() != null) {
            w.write("-- " + s.comment().replace("\n", " ").replace("\r", " ") + "\n");
        }
        for (String l : Marks.lines(s, st, needs)) {
            w.write(l + "\n");
        }
        w.write(st.sql() + ";\n");
    }

    // ---- header --------------------------------------------------------------------------------------

    private void header(Writer w, String kind, Summary summary, InsertOrder order, Map<List<String>, Long> shared) throws IOException {
        List<String> notes = summary.notes();
        ReconcileRequest req = plan.request();
        boolean undo = kind.equals("undo");
        w.write("-- rowback " + kind + " script\n");
        w.write("-- source '" + req.source().name() + "' (" + d.name() + "), rows vanished between the snapshots of " + req.from() + " and " + req.to() + "\n");
        w.write("-- roots: " + String.join(", ", req.roots()) + "; written " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n");
        w.write(undo ? "-- Reverts exactly what restore.sql did; rows changed since are left alone.\n"
                : "-- Read it, then: rowback apply --script <this file> (a dry run that lists what would fail), then with --commit.\n");
        w.write("-- rowback:dialect=" + d.name() + d.scriptOptions() + "\n");
        w.write(origin + "\n");
        w.write("--\n-- What " + (undo ? "undoing" : "applying") + " does, in " + String.format("%,d", summary.steps()) + " steps"
                + " (each statement says the rows it expects to change; apply holds it to that):\n");
        summary.inserted().forEach((t, n) -> {
            try {
                w.write(String.format("--   %-32s %,9d rows %s%n", t, n, undo ? "deleted again" : "inserted"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        w.write(String.format("--   %,d keys freed for the originals, %,d references repointed at them, %,d re-created rows deleted%s%n",
                summary.freedKeys(), summary.repointed(), summary.deletedRecreated(), undo ? " (all reverted)" : ""));
        w.write(String.format("--   %,d references set back that were cut when their parent vanished%s%n", summary.relinked(), undo ? " (cleared again)" : ""));
        boolean restoreNulled = req.source().restoreNulledReferences();
        w.write("--\n-- References cut between the dates (NULL on " + req.to() + ", a restored row on " + req.from() + "): "
                + Relinks.text(plan.links(), restoreNulled) + "\n");
        for (Relinks.Found f : plan.links().found()) {
            w.write(String.format("--   %s: %,d rows, %s, %s%n", f.reference(), f.rows(), f.cutByDatabase() ? "ON DELETE SET NULL" : "nulled by hand",
                    f.setBack() ? "set back" : "left NULL"));
        }
        w.write("--\n-- Deletion series (roots missing from a snapshot that were in the one before):\n");
        for (Timeline.Series s : plan.series()) {
            w.write(String.format("--   %s .. %s: %,d%n", s.lastSeen(), s.firstMissing(), s.roots()));
        }
        if (!shared.isEmpty()) {
            w.write("--\n-- Rows reached from several roots, counted once here and in no root's comment (those count the rows of the root alone):\n");
            for (Map.Entry<List<String>, Long> e : shared.entrySet()) {
                w.write(e.getKey().isEmpty()
                        ? String.format("--   %,d row%s restored though every root that reaches %s is held back by a conflict%n",
                                e.getValue(), e.getValue() == 1 ? "" : "s", e.getValue() == 1 ? "it" : "them")
                        : String.format("--   %,d row%s shared by %s%n", e.getValue(), e.getValue() == 1 ? "" : "s", String.join(" and ", e.getKey())));
            }
        }
        w.write("--\n-- Rows per table: vanished / to restore / held back by a conflict / still there but pointing at a vanished row\n");
        plan.counts().forEach((t, c) -> {
            try {
                w.write(String.format("--   %-32s %,9d %,9d %,9d %,9d%n", t, c.vanished(), c.restore(), c.heldBack(), c.dangling()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        w.write("--\n-- Re-created rows, remapped to their original ids:" + (plan.remaps().remaps().isEmpty() ? " none" : "") + "\n");
        for (Remapper.Remap r : plan.remaps().remaps()) {
            Table t = plan.before().table(r.table()).orElseThrow();
            w.write("--   " + r.table() + " " + RestorePlanner.keyText(t, r.recreated()) + " -> " + RestorePlanner.keyText(t, r.original()) + " ("
                    + String.join("; ", r.keys().stream().map(Remapper.KeyValue::text).toList()) + ")\n");
        }
        w.write("--\n-- Conflicts, not restored (see report.md):" + (plan.remaps().conflicts().isEmpty() ? " none" : "") + "\n");
        for (Remapper.Conflict c : plan.remaps().conflicts()) {
            Table t = plan.before().table(c.table()).orElseThrow();
            String holder = c.holderAfter() == null ? c.holderKey() : RestorePlanner.keyText(t, c.holderAfter());
            w.write("--   " + c.table() + " " + RestorePlanner.keyText(t, c.original()) + " (" + c.key().text() + "): held on " + plan.request().to()
                    + " by " + holder + ", " + c.reason() + "\n");
        }
        long dangling = plan.dangling().stream().mapToLong(Plan.Dangling::rows).sum();
        w.write("--\n-- Dangling references (rows still there that point at a vanished row): " + String.format("%,d", dangling)
                + (dangling > 0 ? ", see report.md" : "") + "\n");
        if (!order.deferred().isEmpty()) {
            w.write("-- References inserted as NULL and set afterwards (cycles): "
                    + String.join(", ", order.deferred().stream().map(ForeignKey::toString).toList()) + "\n");
        }
        for (String n : plan.warnings()) {
            w.write("-- " + n + "\n");
        }
        Set<String> touched = new TreeSet<>(Closure.tablesOf(plan.restore()));
        plan.remaps().remaps().forEach(r -> touched.addAll(plan.graph().family(r.table())));
        for (String t : touched) {
            Table table = plan.after().table(t).orElse(null);
            if (table != null && !table.triggers().isEmpty()) {
                w.write("-- " + t + " has triggers or rules that fire as this script runs: " + String.join(", ", table.triggers())
                        + (table.fires("RULE", "INSERT") ? " (an INSERT rule may put the rows in another table)" : "") + "\n");
            }
        }
        for (String n : notes) {
            w.write("-- " + n + "\n");
        }
        w.write("\n");
        for (String s : d.scriptSession()) {
            w.write(s + ";\n");
        }
        w.write(d.beginTransaction() + ";\n");
    }
}

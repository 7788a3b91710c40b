package io.rowback.jobs.reconcile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * report.html: one self-contained page (no network, no script) with the deletion timeline as a
 * chart, the counts per table, the remaps, each conflict with both rows side by side, and the
 * dangling references. Built from the same model as report.json.
 */
final class ReportHtml {
    private static final int CHART_HEIGHT = 180;
    private static final int BAR_WIDTH = 28;
    private static final int GAP = 10;

    private ReportHtml() {
    }

    @SuppressWarnings("unchecked")
    static void write(Path file, Map<String, Object> m) throws IOException {
        StringBuilder h = new StringBuilder();
        String title = "rowback reconcile of " + m.get("source") + ": " + m.get("from") + " → " + m.get("to");
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>\n<style>\n")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;color:#222;padding:0 1em}")
                .append("h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}")
                .append("table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left;vertical-align:top}")
                .append("td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}")
                .append(".diff{background:#ffe8a8}.bar{fill:#c0392b}.bar.s1{fill:#2e86c1}.axis{stroke:#888}")
                .append("svg text{font:11px system-ui,sans-serif;fill:#333}.note{color:#666}code{font-size:.95em}")
                .append("\n</style></head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        h.append("<p id=\"summary\">Roots: <code>").append(esc(String.join(", ", (List<String>) m.get("roots"))))
                .append("</code>. Deleted roots: <strong id=\"deleted-roots\">").append(m.get("deletedRoots")).append("</strong>, in ")
                .append(((List<?>) m.get("series")).size()).append(" series. Snapshots read: ")
                .append(((List<?>) m.get("snapshotDates")).size()).append(".</p>\n");

        h.append("<h2>When they vanished</h2>\n").append(chart(m));
        h.append("<table id=\"series\"><tr><th>series</th><th>last seen</th><th>missing since</th><th class=\"n\">roots</th></tr>\n");
        for (Map<String, Object> s : (List<Map<String, Object>>) m.get("series")) {
            h.append("<tr><td>").append(s.get("series")).append("</td><td>").append(s.get("lastSeen")).append("</td><td>")
                    .append(s.get("firstMissing")).append("</td><td class=\"n\">").append(s.get("roots")).append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Rows per table</h2>\n<table id=\"tables\"><tr><th>table</th><th class=\"n\">vanished</th><th class=\"n\">to restore</th>")
                .append("<th class=\"n\">held back</th><th class=\"n\">dangling</th></tr>\n");
        ((Map<String, Map<String, Object>>) m.get("tables")).forEach((t, c) -> h.append("<tr><td>").append(esc(t)).append("</td><td class=\"n\">")
                .append(c.get("vanished")).append("</td><td class=\"n\">").append(c.get("restore")).append("</td><td class=\"n\">")
                .append(c.get("heldBack")).append("</td><td class=\"n\">").append(c.get("dangling")).append("</td></tr>\n"));
        h.append("</table>\n");

        h.append("<h2>Re-created rows, remapped to their original ids</h2>\n");
        List<Map<String, Object>> remaps = (List<Map<String, Object>>) m.get("remaps");
        if (remaps.isEmpty()) {
            h.append("<p class=\"note\">None.</p>\n");
        } else {
            h.append("<table id=\"remaps\"><tr><th>table</th><th>re-created</th><th>original</th><th>same key</th></tr>\n");
            for (Map<String, Object> r : remaps) {
                h.append("<tr><td>").append(esc(String.valueOf(r.get("table")))).append("</td><td>").append(esc(String.valueOf(r.get("recreatedKey"))))
                        .append("</td><td>").append(esc(String.valueOf(r.get("originalKey")))).append("</td><td>");
                List<String> keys = new ArrayList<>();
                for (Map<String, Object> k : (List<Map<String, Object>>) r.get("keys")) {
                    keys.add(k.get("columns") + " = " + k.get("values"));
                }
                h.append(esc(String.join("; ", keys))).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }

        h.append("<h2>Conflicts (nothing done; decide by hand)</h2>\n");
        List<Map<String, Object>> conflicts = (List<Map<String, Object>>) m.get("conflicts");
        if (conflicts.isEmpty()) {
            h.append("<p class=\"note\">None.</p>\n");
        }
        int i = 0;
        for (Map<String, Object> c : conflicts) {
            Map<String, Object> key = (Map<String, Object>) c.get("key");
            h.append("<h3>").append(esc(c.get("table") + ": " + key.get("columns") + " = " + key.get("values"))).append("</h3>\n<p>")
                    .append(esc(String.valueOf(c.get("reason")))).append("</p>\n");
            Map<String, Object> vanished = (Map<String, Object>) c.get("vanished");
            Map<String, Object> before = (Map<String, Object>) c.get("holderBefore");
            Map<String, Object> after = (Map<String, Object>) c.get("holderAfter");
            Set<String> columns = new LinkedHashSet<>();
            for (Map<String, Object> row : new Map[]{vanished, before, after}) {
                if (row != null) {
                    columns.addAll(row.keySet());
                }
            }
            h.append("<table class=\"conflict\" id=\"conflict-").append(i++).append("\"><tr><th>column</th><th>vanished row (").append(m.get("from"))
                    .append(")</th><th>holder on ").append(m.get("from")).append("</th><th>holder on ").append(m.get("to")).append("</th></tr>\n");
            for (String col : columns) {
                Object v = vanished == null ? null : vanished.get(col);
                Object b = before == null ? null : before.get(col);
                Object a = after == null ? null : after.get(col);
                h.append("<tr><th>").append(esc(col)).append("</th>").append(cell(v, false)).append(cell(b, false))
                        .append(cell(a, before != null && !String.valueOf(a).equals(String.valueOf(b)))).append("</tr>\n");
            }
            h.append("</table>\n");
            List<Map<String, Object>> history = (List<Map<String, Object>>) c.get("holderHistory");
            if (!history.isEmpty()) {
                h.append("<p>The holder's key, date by date: ");
                List<String> steps = new ArrayList<>();
                for (Map<String, Object> step : history) {
                    steps.add(step.toString());
                }
                h.append(esc(String.join(", ", steps))).append("</p>\n");
            }
        }

        h.append("<h2>Dangling references</h2>\n<p class=\"note\">Rows still there on ").append(m.get("to"))
                .append(" that point at a vanished row.</p>\n");
        List<Map<String, Object>> dangling = (List<Map<String, Object>>) m.get("dangling");
        if (dangling.isEmpty()) {
            h.append("<p class=\"note\">None.</p>\n");
        } else {
            h.append("<table id=\"dangling\"><tr><th>reference</th><th class=\"n\">rows</th><th>for example</th></tr>\n");
            for (Map<String, Object> d : dangling) {
                h.append("<tr><td><code>").append(esc(String.valueOf(d.get("reference")))).append("</code>")
                        .append(Boolean.TRUE.equals(d.get("declared")) ? "" : " <span class=\"note\">(configured)</span>")
                        .append("</td><td class=\"n\">").append(d.get("rows")).append("</td><td>");
                List<String> sample = new ArrayList<>();
                for (Object row : (List<Object>) d.get("sample")) {
                    sample.add(String.valueOf(row));
                }
                h.append(esc(String.join("; ", sample.subList(0, Math.min(5, sample.size()))))).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        List<String> warnings = (List<String>) m.get("warnings");
        if (!warnings.isEmpty()) {
            h.append("<h2>Warnings</h2>\n<ul>\n");
            warnings.forEach(w -> h.append("<li>").append(esc(w)).append("</li>\n"));
            h.append("</ul>\n");
        }
        h.append("<p class=\"note\">Written ").append(m.get("written")).append(" by rowback. restore.sql, undo.sql and report.json are beside this page.</p>\n");
        h.append("</body></html>\n");
        Files.writeString(file, h.toString(), StandardCharsets.UTF_8);
    }

    /** Deleted roots per snapshot date (the first date each was missing), one bar per date, a colour per series. */
    @SuppressWarnings("unchecked")
    static String chart(Map<String, Object> m) {
        List<String> dates = (List<String>) m.get("snapshotDates");
        Map<String, long[]> byDate = new TreeMap<>();
        for (Map<String, Object> s : (List<Map<String, Object>>) m.get("series")) {
            byDate.put(String.valueOf(s.get("firstMissing")), new long[]{((Number) s.get("roots")).longValue(), ((Number) s.get("series")).longValue()});
        }
        long max = byDate.values().stream().mapToLong(v -> v[0]).max().orElse(1);
        List<String> days = dates.size() > 1 ? dates.subList(1, dates.size()) : dates;
        int width = Math.max(1, days.size()) * (BAR_WIDTH + GAP) + 60;
        StringBuilder s = new StringBuilder();
        s.append("<svg id=\"timeline\" role=\"img\" aria-label=\"deleted roots per snapshot date\" width=\"").append(width)
                .append("\" height=\"").append(CHART_HEIGHT + 70).append("\" viewBox=\"0 0 ").append(width).append(' ').append(CHART_HEIGHT + 70)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        s.append("<line class=\"axis\" x1=\"40\" y1=\"").append(CHART_HEIGHT + 10).append("\" x2=\"").append(width - 10).append("\" y2=\"")
                .append(CHART_HEIGHT + 10).append("\"/>\n");
        int x = 50;
        for (String day : days) {
            long[] v = byDate.get(day);
            if (v != null) {
                int height = (int) Math.max(2, Math.round((double) v[0] / max * CHART_HEIGHT));
                s.append("<rect class=\"bar s").append(v[1] % 2).append("\" data-date=\"").append(day).append("\" data-roots=\"").append(v[0])
                        .append("\" data-series=\"").append(v[1]).append("\" x=\"").append(x).append("\" y=\"").append(CHART_HEIGHT + 10 - height)
                        .append("\" width=\"").append(BAR_WIDTH).append("\" height=\"").append(height).append("\"><title>").append(day).append(": ")
                        .append(v[0]).append(" deleted roots (series ").append(v[1]).append(")</title></rect>\n");
                s.append("<text x=\"").append(x + BAR_WIDTH / 2).append("\" y=\"").append(CHART_HEIGHT + 5 - height).append("\" text-anchor=\"middle\">")
                        .append(v[0]).append("</text>\n");
                s.append("<text x=\"").append(x + BAR_WIDTH / 2).append("\" y=\"").append(CHART_HEIGHT + 62).append("\" text-anchor=\"middle\">series ")
                        .append(v[1]).append("</text>\n");
            }
            LocalDate d = LocalDate.parse(day);
            s.append("<text x=\"").append(x + BAR_WIDTH / 2).append("\" y=\"").append(CHART_HEIGHT + 28).append("\" text-anchor=\"middle\">")
                    .append(String.format("%02d-%02d", d.getMonthValue(), d.getDayOfMonth())).append("</text>\n");
            x += BAR_WIDTH + GAP;
        }
        return s.append("</svg>\n").toString();
    }

    private static String cell(Object v, boolean changed) {
        return "<td" + (changed ? " class=\"diff\"" : "") + ">" + (v == null ? "<span class=\"note\">NULL</span>" : esc(String.valueOf(v))) + "</td>";
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

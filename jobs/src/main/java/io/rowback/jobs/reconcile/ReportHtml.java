package io.rowback.jobs.reconcile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * report.html: one self-contained page (no network, no script): what applying the script does, the
 * deletion timeline over every snapshot date, the counts per table, the remaps, each conflict with
 * both rows side by side and its key's history, and the dangling references. Rendered from the
 * {@link Report} that report.json is.
 */
final class ReportHtml {
    private static final int CHART_HEIGHT = 160;
    private static final int LEFT = 16;
    private static final int MAX_SLOT = 44;
    private static final int MIN_SLOT = 16;
    private static final int CHART_WIDTH = 900;
    /** Slots narrower than this get their labels turned upright. */
    private static final int WIDE_LABEL = 40;

    private ReportHtml() {
    }

    static void write(Path file, Report m) throws IOException {
        Files.writeString(file, render(m), StandardCharsets.UTF_8);
    }

    static String render(Report m) {
        StringBuilder h = new StringBuilder();
        String title = "rowback reconcile of " + m.source() + ": " + m.from() + " → " + m.to();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").append(esc(title)).append("</title>\n<style>\n")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:72em;color:#222;padding:0 1em}")
                .append("h1{font-size:1.5em;overflow-wrap:break-word}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}h3{font-size:1em;overflow-wrap:break-word}")
                .append(".scroll{overflow-x:auto;max-width:100%}.nw{white-space:nowrap}")
                .append("table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left;vertical-align:top}")
                .append("td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}tr.total td{font-weight:600;border-top:2px solid #888}")
                .append(".diff{background:#ffe8a8}.bar{fill:#c0392b}.bar.s1{fill:#2e86c1}.bar.zero{fill:#bbb}.axis{stroke:#888}")
                .append(".swatch{display:inline-block;width:.8em;height:.8em;margin-right:.4em;vertical-align:-.05em;background:#c0392b}.swatch.s1{background:#2e86c1}")
                .append("svg text{font:11px system-ui,sans-serif;fill:#333}svg text.count{font-weight:600}.note{color:#666}code{font-size:.95em;overflow-wrap:break-word}")
                .append("p,li{overflow-wrap:break-word}@media (max-width:600px){body{padding:0 .5em}td,th{padding:.15em .35em}}")
                .append("\n</style></head><body>\n");
        h.append("<h1>rowback reconcile of ").append(esc(m.source())).append(": <span class=\"nw\">").append(esc(m.from())).append(" → ")
                .append(esc(m.to())).append("</span></h1>\n");
        h.append("<p id=\"summary\">Roots: <code>").append(esc(String.join(", ", m.roots())))
                .append("</code>. Deleted roots: <strong id=\"deleted-roots\">").append(m.deletedRoots()).append("</strong>, in ")
                .append(m.series().size()).append(" series. Snapshots read: ").append(m.snapshotDates().size()).append(".</p>\n");

        h.append(applying(m));

        h.append("<h2>When they vanished</h2>\n<p class=\"note\">Roots first missing on each snapshot date, ").append(m.snapshotDates().isEmpty() ? ""
                : esc(m.snapshotDates().get(0) + " to " + m.snapshotDates().get(m.snapshotDates().size() - 1))).append("; grey: none.")
                .append(m.snapshotDates().size() > 24 ? " On a narrow screen the chart scrolls sideways." : "").append("</p>\n");
        h.append("<div class=\"scroll\">").append(chart(m)).append("</div>\n");
        h.append("<div class=\"scroll\"><table id=\"series\"><tr><th>series</th><th>last seen</th><th>missing since</th><th class=\"n\">roots</th></tr>\n");
        for (Report.Series s : m.series()) {
            h.append("<tr><td><span class=\"swatch s").append(s.series() % 2).append("\"></span>").append(s.series()).append("</td><td>")
                    .append(esc(s.lastSeen())).append("</td><td>").append(esc(s.firstMissing())).append("</td><td class=\"n\">")
                    .append(String.format("%,d", s.roots())).append("</td></tr>\n");
        }
        h.append("</table></div>\n");

        h.append("<h2>Rows per table</h2>\n<div class=\"scroll\"><table id=\"tables\"><tr><th>table</th><th class=\"n\">vanished</th><th class=\"n\">to restore</th>")
                .append("<th class=\"n\">held back</th><th class=\"n\">dangling</th></tr>\n");
        m.tables().forEach((t, c) -> h.append("<tr><td>").append(esc(t)).append("</td>").append(num(c.vanished())).append(num(c.restore()))
                .append(num(c.heldBack())).append(num(c.dangling())).append("</tr>\n"));
        h.append("</table></div>\n");

        h.append("<h2>Re-created rows, remapped to their original ids</h2>\n");
        if (m.remaps().isEmpty()) {
            h.append("<p class=\"note\">None.</p>\n");
        } else {
            h.append("<div class=\"scroll\"><table id=\"remaps\"><tr><th>table</th><th>re-created</th><th>original</th><th>same key</th></tr>\n");
            for (Report.Remap r : m.remaps()) {
                h.append("<tr><td>").append(esc(r.table())).append("</td><td>").append(esc(Report.keyText(r.keyColumns(), r.recreatedKey())))
                        .append("</td><td>").append(esc(Report.keyText(r.keyColumns(), r.originalKey()))).append("</td><td>")
                        .append(esc(String.join("; ", r.keys().stream().map(Report.Key::text).toList()))).append("</td></tr>\n");
            }
            h.append("</table></div>\n");
        }

        h.append("<h2>Conflicts (nothing done; decide by hand)</h2>\n");
        if (m.conflicts().isEmpty()) {
            h.append("<p class=\"note\">None.</p>\n");
        }
        int i = 0;
        for (Report.Conflict c : m.conflicts()) {
            h.append("<h3>").append(esc(c.table() + ": " + c.key().text())).append("</h3>\n<p>");
            if (!c.vanishedKey().isEmpty()) {
                h.append("The vanished row ").append(esc(Report.keyText(c.keyColumns(), c.vanishedKey()))).append(" is not restored: its key is held by ")
                        .append(c.holderKey().isEmpty() ? "another row" : esc(Report.keyText(c.keyColumns(), c.holderKey()))).append(", ");
            }
            h.append(esc(c.reason())).append(".</p>\n");
            Set<String> columns = new LinkedHashSet<>();
            for (Map<String, Object> row : rows(c.vanished(), c.holderBefore(), c.holderAfter())) {
                columns.addAll(row.keySet());
            }
            h.append("<div class=\"scroll\"><table class=\"conflict\" id=\"conflict-").append(i).append("\"><tr><th>column</th><th>vanished row (")
                    .append(esc(m.from())).append(")</th><th>holder on ").append(esc(m.from())).append("</th><th>holder on ").append(esc(m.to()))
                    .append("</th></tr>\n");
            for (String col : columns) {
                Object v = c.vanished() == null ? null : c.vanished().get(col);
                Object b = c.holderBefore() == null ? null : c.holderBefore().get(col);
                Object a = c.holderAfter() == null ? null : c.holderAfter().get(col);
                h.append("<tr><th>").append(esc(col)).append("</th>").append(cell(v, false)).append(cell(b, false))
                        .append(cell(a, c.holderBefore() != null && !Objects.equals(String.valueOf(a), String.valueOf(b)))).append("</tr>\n");
            }
            h.append("</table></div>\n");
            if (!c.holderHistory().isEmpty()) {
                h.append(history(c, i));
            }
            i++;
        }

        h.append("<h2>Dangling references</h2>\n<p class=\"note\">Rows still there on ").append(esc(m.to()))
                .append(" that point at a vanished row.</p>\n");
        if (m.dangling().isEmpty()) {
            h.append("<p class=\"note\">None.</p>\n");
        } else {
            h.append("<div class=\"scroll\"><table id=\"dangling\"><tr><th>reference</th><th class=\"n\">rows</th><th>for example</th></tr>\n");
            for (Report.Dangling d : m.dangling()) {
                h.append("<tr><td><code>").append(esc(d.reference())).append("</code>")
                        .append(d.declared() ? "" : " <span class=\"note\">(configured)</span>").append("</td>").append(num(d.rows())).append("<td>");
                List<String> sample = new ArrayList<>();
                for (Map<String, Object> row : d.sample().subList(0, Math.min(5, d.sample().size()))) {
                    sample.add(rowText(row));
                }
                h.append(esc(String.join("; ", sample))).append("</td></tr>\n");
            }
            h.append("</table></div>\n");
        }
        if (!m.warnings().isEmpty()) {
            h.append("<h2>Warnings</h2>\n<ul>\n");
            m.warnings().forEach(w -> h.append("<li>").append(esc(w)).append("</li>\n"));
            h.append("</ul>\n");
        }
        h.append("<p class=\"note\">Written ").append(esc(String.valueOf(m.written())))
                .append(" by rowback. restore.sql, undo.sql and report.json are beside this page.</p>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    /** At the top: per table, the rows that applying restore.sql inserts, repoints and deletes. */
    static String applying(Report m) {
        StringBuilder h = new StringBuilder("<h2>What applying restore.sql does</h2>\n");
        Map<String, Report.Applied> per = m.script().perTable();
        boolean perTable = per != null;
        if (!perTable) {
            // a report written before the per-table counts: inserted per table, the rest as totals
            per = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, Report.TableCounts> e : m.tables().entrySet()) {
                per.put(e.getKey(), new Report.Applied(e.getValue().inserted(), 0, 0, 0));
            }
        }
        long ins = 0;
        long rep = 0;
        long del = 0;
        for (Report.Applied a : per.values()) {
            ins += a.inserted();
            rep += a.repointed();
            del += a.deleted();
        }
        if (!perTable) {
            rep = m.script().repointed();
            del = m.script().deletedRecreated();
        }
        h.append("<p id=\"applying\">In one transaction: <strong>").append(String.format("%,d", ins)).append("</strong> ").append(ins == 1 ? "row" : "rows")
                .append(" inserted, <strong>").append(String.format("%,d", rep)).append("</strong> ").append(rep == 1 ? "reference" : "references")
                .append(" repointed at an original, <strong>").append(String.format("%,d", del)).append("</strong> re-created ").append(del == 1 ? "row" : "rows")
                .append(" deleted").append(m.script().freedKeys() > 0 ? " (after " + String.format("%,d", m.script().freedKeys())
                        + (m.script().freedKeys() == 1 ? " key" : " keys") + " freed for the originals)" : "")
                .append(". undo.sql reverts exactly that.</p>\n");
        if (per.isEmpty()) {
            return h.append("<p class=\"note\">Nothing to do.</p>\n").toString();
        }
        h.append("<div class=\"scroll\"><table id=\"apply\"><tr><th>table</th><th class=\"n\">inserted</th>")
                .append(perTable ? "<th class=\"n\">repointed</th><th class=\"n\">deleted</th>" : "").append("</tr>\n");
        for (Map.Entry<String, Report.Applied> e : per.entrySet()) {
            h.append("<tr><td>").append(esc(e.getKey())).append("</td>").append(num(e.getValue().inserted()));
            if (perTable) {
                h.append(num(e.getValue().repointed())).append(num(e.getValue().deleted()));
            }
            h.append("</tr>\n");
        }
        h.append("<tr class=\"total\"><td>all tables</td>").append(num(ins)).append(perTable ? num(rep) + num(del) : "").append("</tr>\n");
        return h.append("</table></div>\n").toString();
    }

    /** The holder's key on each snapshot date, a row per date, the values that changed since the date before highlighted. */
    private static String history(Report.Conflict c, int i) {
        Set<String> columns = new LinkedHashSet<>();
        c.holderHistory().forEach(r -> columns.addAll(r.keySet()));
        StringBuilder h = new StringBuilder("<p>The holder's key, date by date:</p>\n<div class=\"scroll\"><table class=\"history\" id=\"history-")
                .append(i).append("\"><tr>");
        for (String col : columns) {
            h.append("<th>").append(esc(col.equals("snapshot_date") ? "snapshot date" : col)).append("</th>");
        }
        h.append("</tr>\n");
        Map<String, Object> previous = null;
        for (Map<String, Object> r : c.holderHistory()) {
            h.append("<tr>");
            boolean first = true;
            for (String col : columns) {
                boolean changed = !first && previous != null && !Objects.equals(String.valueOf(previous.get(col)), String.valueOf(r.get(col)));
                h.append(cell(r.get(col), changed));
                first = false;
            }
            h.append("</tr>\n");
            previous = r;
        }
        return h.append("</table></div>\n").toString();
    }

    /**
     * Deleted roots per snapshot date (the first date each was missing), one bar per date of the range,
     * zero days included (a grey stub), a colour per series. Labels turn upright when the dates are many.
     */
    static String chart(Report m) {
        List<String> days = m.snapshotDates();
        Map<String, Report.Series> byDate = new HashMap<>();
        for (Report.Series s : m.series()) {
            byDate.put(s.firstMissing(), s);
        }
        long max = Math.max(1, m.series().stream().mapToLong(Report.Series::roots).max().orElse(1));
        int n = Math.max(1, days.size());
        int slot = Math.max(MIN_SLOT, Math.min(MAX_SLOT, CHART_WIDTH / n));
        int bar = Math.max(8, slot * 7 / 10);
        boolean upright = slot < WIDE_LABEL;
        int countSpace = upright ? 8 + 7 * String.valueOf(max).length() : 18;
        int labelSpace = upright ? 48 : 22;
        int top = countSpace;
        int base = top + CHART_HEIGHT;
        int width = LEFT * 2 + n * slot;
        int height = base + labelSpace + 4;
        boolean years = !days.isEmpty() && !days.get(0).substring(0, 4).equals(days.get(days.size() - 1).substring(0, 4));
        StringBuilder s = new StringBuilder();
        s.append("<svg id=\"timeline\" role=\"img\" aria-label=\"deleted roots per snapshot date\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        s.append("<line class=\"axis\" x1=\"").append(LEFT - 4).append("\" y1=\"").append(base).append("\" x2=\"").append(width - LEFT + 4)
                .append("\" y2=\"").append(base).append("\"/>\n");
        int x = LEFT;
        for (String day : days) {
            Report.Series v = byDate.get(day);
            long roots = v == null ? 0 : v.roots();
            int cx = x + slot / 2;
            int bx = x + (slot - bar) / 2;
            int barHeight = roots == 0 ? 2 : (int) Math.max(3, Math.round((double) roots / max * CHART_HEIGHT));
            s.append("<rect class=\"bar ").append(v == null ? "zero" : "s" + v.series() % 2).append("\" data-date=\"").append(esc(day))
                    .append("\" data-roots=\"").append(roots).append("\" data-series=\"").append(v == null ? 0 : v.series())
                    .append("\" x=\"").append(bx).append("\" y=\"").append(base - barHeight).append("\" width=\"").append(bar)
                    .append("\" height=\"").append(barHeight).append("\"><title>").append(esc(day)).append(": ")
                    .append(v == null ? "no roots went missing" : String.format("%,d", roots) + " roots missing since this date (series " + v.series() + ")")
                    .append("</title></rect>\n");
            if (v != null) {
                int ty = base - barHeight - 4;
                if (upright) {
                    s.append("<text class=\"count\" transform=\"translate(").append(cx + 4).append(',').append(ty).append(") rotate(-90)\">")
                            .append(roots).append("</text>\n");
                } else {
                    s.append("<text class=\"count\" x=\"").append(cx).append("\" y=\"").append(ty).append("\" text-anchor=\"middle\">")
                            .append(roots).append("</text>\n");
                }
            }
            String label = label(day, years);
            if (upright) {
                s.append("<text class=\"date\" transform=\"translate(").append(cx + 4).append(',').append(base + 6).append(") rotate(-90)\" text-anchor=\"end\">")
                        .append(label).append("</text>\n");
            } else {
                s.append("<text class=\"date\" x=\"").append(cx).append("\" y=\"").append(base + 16).append("\" text-anchor=\"middle\">")
                        .append(label).append("</text>\n");
            }
            x += slot;
        }
        return s.append("</svg>\n").toString();
    }

    private static String label(String day, boolean years) {
        try {
            LocalDate d = LocalDate.parse(day);
            return years ? day : String.format("%02d-%02d", d.getMonthValue(), d.getDayOfMonth());
        } catch (java.time.format.DateTimeParseException e) {
            return esc(day);
        }
    }

    @SafeVarargs
    private static List<Map<String, Object>> rows(Map<String, Object>... rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private static String rowText(Map<String, Object> row) {
        List<String> parts = new ArrayList<>();
        row.forEach((k, v) -> parts.add(k + " = " + v));
        return String.join(", ", parts);
    }

    private static String num(long n) {
        return "<td class=\"n\">" + String.format("%,d", n) + "</td>";
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

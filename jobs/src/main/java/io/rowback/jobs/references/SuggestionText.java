package io.rowback.jobs.references;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The suggestions as a person pastes them: YAML list items in the configuration's string form, the
 * evidence in comments above each, and everything that is not paste-ready as comment lines, so that
 * the whole output can go into a configuration as it is. Or the same as JSON.
 */
public final class SuggestionText {
    static final String ITEM_INDENT = "      ";

    private SuggestionText() {
    }

    /**
     * @param withHeader write the {@code references:} key first (the source has none yet)
     */
    public static String yaml(String source, List<LocalDate> dates, double minCoverage, ReferenceFinder.Found found, boolean withHeader) {
        StringBuilder s = new StringBuilder();
        s.append("# rowback references: source '").append(source).append("', ").append(describeDates(dates))
                .append(", min coverage ").append(minCoverage).append('\n');
        List<Suggestion> ready = found.pasteReady();
        List<Suggestion> possible = found.possible();
        if (ready.isEmpty()) {
            s.append("# no undeclared reference holds its values on every date with evidence beyond chance\n");
        } else {
            s.append("# ").append(ready.size()).append(" undeclared reference(s), for sources.").append(source)
                    .append(".references (keep or delete each):\n");
            if (withHeader) {
                s.append("    references:\n");
            }
            for (Suggestion x : ready) {
                for (String line : evidence(x)) {
                    s.append(ITEM_INDENT).append("# ").append(line).append('\n');
                }
                s.append(ITEM_INDENT).append("- \"").append(x.reference().replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
            }
        }
        if (!possible.isEmpty()) {
            s.append("# possible references (coverage below ").append(minCoverage)
                    .append(" on some date, or a containment that luck explains; not paste-ready, check by hand):\n");
            for (Suggestion x : possible) {
                s.append("#   - \"").append(x.reference()).append("\"\n");
                for (String line : evidence(x)) {
                    s.append("#       ").append(line).append('\n');
                }
            }
        }
        if (!found.notes().isEmpty()) {
            s.append("# notes:\n");
            found.notes().forEach(n -> s.append("#   ").append(n).append('\n'));
        }
        return s.toString();
    }

    /** The lines of evidence of one suggestion. */
    static List<String> evidence(Suggestion x) {
        List<String> out = new ArrayList<>();
        String kind = switch (x.kind()) {
            case DJANGO_GENERIC -> "Django generic relation: " + x.mapping();
            case POLYMORPHIC -> "polymorphic association: " + x.mapping();
            case PLAIN -> "undeclared reference";
        };
        out.add(kind);
        out.add(String.format(Locale.ROOT, "coverage %s: %,d of %,d distinct values found in %s.%s (%,d rows), %s%s",
                ratio(x.coverage()), x.matched(), x.values(), x.refTable(), x.refColumn(), x.targetRows(),
                describeDates(x.firstDate(), x.lastDate(), x.dates()),
                x.worstCoverage() < x.coverage() ? ", worst date " + (x.worstDate() == null ? "one without any match" : x.worstDate() + " " + ratio(x.worstCoverage())) : ""));
        if (x.evidence() != null) {
            out.add((x.pasteReady() ? "evidence: " : "only possible: ") + x.evidence());
        }
        if (!x.others().isEmpty()) {
            out.add("also contained in " + String.join(", ", x.others()) + "; " + x.refTable() + " has the fewest keys where the values lie");
        }
        if (!x.unmatched().isEmpty()) {
            out.add("not found: " + String.join(", ", x.unmatched()) + (x.values() - x.matched() > x.unmatched().size() ? ", ..." : ""));
        }
        return out;
    }

    static String ratio(double r) {
        return r == 1.0 ? "1.0" : String.format(Locale.ROOT, "%.4f", Math.floor(r * 10000) / 10000);
    }

    static String describeDates(List<LocalDate> dates) {
        return dates.isEmpty() ? "no dates" : describeDates(dates.get(0), dates.get(dates.size() - 1), dates.size());
    }

    static String describeDates(LocalDate first, LocalDate last, int n) {
        return n == 1 ? "1 date (" + first + ")" : n + " dates " + first + " .. " + last;
    }

    public static String json(String source, List<LocalDate> dates, double minCoverage, ReferenceFinder.Found found) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("dates", dates.stream().map(LocalDate::toString).toList());
        m.put("minCoverage", minCoverage);
        m.put("references", found.pasteReady().stream().map(SuggestionText::model).toList());
        m.put("possible", found.possible().stream().map(SuggestionText::model).toList());
        m.put("notes", found.notes());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> model(Suggestion x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference", x.reference());
        m.put("kind", x.kind().name().toLowerCase(Locale.ROOT));
        m.put("table", x.table());
        m.put("column", x.column());
        if (x.whereColumn() != null) {
            m.put("typeColumn", x.whereColumn());
            m.put("typeValue", x.whereValue());
        }
        m.put("refTable", x.refTable());
        m.put("refColumn", x.refColumn());
        if (x.mapping() != null) {
            m.put("mapping", x.mapping());
        }
        m.put("coverage", x.coverage());
        m.put("matched", x.matched());
        m.put("values", x.values());
        m.put("worstCoverage", x.worstCoverage());
        m.put("worstDate", x.worstDate() == null ? null : x.worstDate().toString());
        m.put("dates", x.dates());
        m.put("firstDate", String.valueOf(x.firstDate()));
        m.put("lastDate", String.valueOf(x.lastDate()));
        m.put("refRows", x.targetRows());
        m.put("evidence", x.evidence());
        m.put("alsoContainedIn", x.others());
        m.put("unmatched", x.unmatched());
        return m;
    }
}

package io.rowback.jobs.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The per-root comments of a restore.sql, read as a person would add them up: each restored root's
 * rows "for it alone", plus the header's rows shared by several roots (or by none left, their roots
 * held back by a conflict), is every row the script inserts.
 */
public final class RootCounts {
    private static final Pattern ROOT = Pattern.compile("-- .+?: (?:last seen|missing on) .*?; ([\\d,]+) rows? restored for it alone \\(itself included\\).*");
    private static final Pattern SHARED = Pattern.compile("--\\s+([\\d,]+) rows? (?:shared by .+|restored though every root that reaches (?:it|them) is held back by a conflict)");

    private RootCounts() {
    }

    /** Fails unless the roots' own counts and the shared counts add up to the script's inserts. */
    public static void assertAddUp(String script) {
        List<String> lines = script.lines().toList();
        long inserts = lines.stream().filter(l -> l.startsWith("INSERT INTO")).count();
        long alone = 0;
        long shared = 0;
        List<String> counted = new ArrayList<>();
        for (String l : lines) {
            Matcher r = ROOT.matcher(l);
            Matcher s = SHARED.matcher(l);
            if (r.matches()) {
                alone += number(r.group(1));
                counted.add(l);
            } else if (s.matches()) {
                shared += number(s.group(1));
                counted.add(l);
            }
        }
        assertFalse(counted.isEmpty(), "the script has per-root comments");
        assertEquals(inserts, alone + shared, "rows for each root alone plus shared rows are the rows inserted: " + alone + " + " + shared
                + " of " + inserts + " in " + counted.subList(0, Math.min(counted.size(), 12)));
    }

    private static long number(String text) {
        return Long.parseLong(text.replace(",", ""));
    }
}

package io.rowback.jobs.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits what the shell reads into statements ended by ';' outside quotes ('...', "...", `...`, with
 * Spark's backslash escapes) and comments (-- to the line's end, /* ... *&#47;). What follows the last
 * ';' waits for more lines.
 */
final class Statements {
    private final StringBuilder pending = new StringBuilder();

    /** Adds one line; returns the statements it completes (without their ';'), in order. */
    List<String> add(String line) {
        if (pending.length() > 0) {
            pending.append('\n');
        }
        pending.append(line);
        List<String> done = new ArrayList<>();
        int end;
        while ((end = firstEnd(pending)) >= 0) {
            String s = pending.substring(0, end).strip();
            pending.delete(0, end + 1);
            if (!onlyComments(s)) {
                done.add(s);
            }
        }
        if (onlyComments(pending.toString().strip())) {
            pending.setLength(0);
        }
        return done;
    }

    boolean isEmpty() {
        return pending.length() == 0;
    }

    /** What is left without a ';' (the end of a file may end a statement too). */
    String rest() {
        String s = pending.toString().strip();
        pending.setLength(0);
        return onlyComments(s) ? "" : s;
    }

    /** True when the text ends with a ';' that ends a statement, or holds nothing but comments. */
    static boolean complete(String text) {
        Statements s = new Statements();
        s.add(text);
        return s.isEmpty();
    }

    /** Index of the first ';' outside quotes and comments, or -1. */
    static int firstEnd(CharSequence t) {
        int n = t.length();
        for (int i = 0; i < n; i++) {
            char c = t.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int j = i + 1;
                while (j < n && t.charAt(j) != c) {
                    j += (t.charAt(j) == '\\' && c != '`') ? 2 : 1;
                }
                if (j >= n) {
                    return -1;
                }
                i = j;
            } else if (c == '-' && i + 1 < n && t.charAt(i + 1) == '-') {
                while (i < n && t.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && t.charAt(i + 1) == '*') {
                int close = indexOf(t, "*/", i + 2);
                if (close < 0) {
                    return -1;
                }
                i = close + 1;
            } else if (c == ';') {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(CharSequence t, String what, int from) {
        return t.toString().indexOf(what, from);
    }

    static boolean onlyComments(String s) {
        String t = s;
        while (true) {
            t = t.strip();
            if (t.startsWith("--")) {
                int nl = t.indexOf('\n');
                t = nl < 0 ? "" : t.substring(nl + 1);
            } else if (t.startsWith("/*") && t.indexOf("*/", 2) >= 0) {
                t = t.substring(t.indexOf("*/", 2) + 2);
            } else {
                return t.isEmpty();
            }
        }
    }
}

package io.rowback.jobs.history;

import org.apache.spark.sql.Row;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Rows as an aligned text table, numbers to the right. */
public final class TextTable {
    private TextTable() {
    }

    /** @param more what shows the rows past the limit, said when there are more (options of the command that prints) */
    public static void print(String[] names, List<Row> rows, int limit, String more, PrintStream out) {
        int n = names.length;
        List<String[]> cells = new ArrayList<>();
        boolean[] numeric = new boolean[n];
        java.util.Arrays.fill(numeric, true);
        int[] width = new int[n];
        for (int i = 0; i < n; i++) {
            width[i] = names[i].length();
        }
        for (int r = 0; r < Math.min(limit, rows.size()); r++) {
            String[] line = new String[n];
            for (int i = 0; i < n; i++) {
                Object v = rows.get(r).get(i);
                String text = v == null ? "NULL" : ValueText.of(v).replace("\n", "\\n");
                if (text.length() > 80) {
                    text = text.substring(0, 77) + "...";
                }
                numeric[i] &= v == null || v instanceof Number;
                line[i] = text;
                width[i] = Math.max(width[i], text.length());
            }
            cells.add(line);
        }
        out.println(row(names, width, new boolean[n]));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < n; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        out.println(rule);
        for (String[] line : cells) {
            out.println(row(line, width, numeric));
        }
        int shown = cells.size();
        out.println(rows.size() > limit ? "(first " + limit + " rows; " + more + ")"
                : "(" + shown + (shown == 1 ? " row)" : " rows)"));
    }

    private static String row(String[] cells, int[] width, boolean[] right) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            s.append(i == 0 ? "" : " | ");
            String pad = " ".repeat(width[i] - cells[i].length());
            s.append(right[i] ? pad + cells[i] : cells[i] + (i == cells.length - 1 ? "" : pad));
        }
        return s.toString();
    }
}

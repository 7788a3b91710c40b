package io.rowback.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference the database does not declare, written in the configuration as
 * {@code table.column -> table.column}, {@code table.(a, b) -> table.(x, y)} for a composite key, or
 * {@code table.(type_col = 42, id_col) -> table.column} for a generic reference (Django's generic
 * foreign key): the rows of {@code table} whose {@code type_col} is 42 point with {@code id_col} at
 * the target. Conditions keep their order; literals are integers or 'quoted strings'.
 */
public record ReferenceSpec(String text, String table, List<String> columns, Map<String, String> conditions,
                            String refTable, List<String> refColumns) implements Serializable {

    public ReferenceSpec {
        columns = List.copyOf(columns);
        conditions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(conditions));
        refColumns = List.copyOf(refColumns);
    }

    private static final String NAME = "[A-Za-z_$][A-Za-z0-9_$]*";
    private static final Pattern SIDE = Pattern.compile("\\s*(" + NAME + ")\\s*\\.\\s*(?:(" + NAME + ")|\\(((?:[^)']|'(?:[^']|'')*')*)\\))\\s*");
    private static final Pattern CONDITION = Pattern.compile("\\s*(" + NAME + ")\\s*=\\s*(-?[0-9]+|'(?:[^']|'')*')\\s*");
    private static final Pattern COLUMN = Pattern.compile("\\s*(" + NAME + ")\\s*");

    /** Parses one reference; throws IllegalArgumentException with the reason. */
    public static ReferenceSpec parse(String text) {
        List<String> sides = splitOutsideQuotes(text, "->");
        if (sides.size() != 2) {
            throw new IllegalArgumentException("expected 'table.column -> table.column', got '" + text + "'");
        }
        Matcher from = SIDE.matcher(sides.get(0));
        Matcher to = SIDE.matcher(sides.get(1));
        if (!from.matches() || !to.matches()) {
            throw new IllegalArgumentException("expected 'table.column -> table.column' or 'table.(a, b) -> table.(x, y)', got '" + text + "'");
        }
        List<String> columns = new ArrayList<>();
        Map<String, String> conditions = new LinkedHashMap<>();
        for (String item : items(from)) {
            Matcher cond = CONDITION.matcher(item);
            Matcher col = COLUMN.matcher(item);
            if (cond.matches()) {
                String literal = cond.group(2);
                String value = literal.startsWith("'") ? literal.substring(1, literal.length() - 1).replace("''", "'") : literal;
                if (conditions.put(cond.group(1), value) != null) {
                    throw new IllegalArgumentException("'" + text + "' sets a condition on " + cond.group(1) + " twice");
                }
            } else if (col.matches()) {
                columns.add(col.group(1));
            } else {
                throw new IllegalArgumentException("'" + item.strip() + "' in '" + text + "' is neither a column nor 'column = value'");
            }
        }
        List<String> refColumns = new ArrayList<>();
        for (String item : items(to)) {
            Matcher col = COLUMN.matcher(item);
            if (!col.matches()) {
                throw new IllegalArgumentException("'" + item.strip() + "' in '" + text + "' is not a column name");
            }
            refColumns.add(col.group(1));
        }
        if (columns.isEmpty() || columns.size() != refColumns.size()) {
            throw new IllegalArgumentException("'" + text + "' points " + columns.size() + " column(s) at " + refColumns.size() + "; both sides need the same number");
        }
        return new ReferenceSpec(text.strip(), from.group(1), columns, conditions, to.group(1), refColumns);
    }

    private static List<String> items(Matcher side) {
        if (side.group(2) != null) {
            return List.of(side.group(2));
        }
        return splitOutsideQuotes(side.group(3), ",");
    }

    /** Splits at each separator that is not inside a 'quoted string'. */
    static List<String> splitOutsideQuotes(String s, String separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\'') {
                quoted = !quoted;
            } else if (!quoted && s.startsWith(separator, i)) {
                parts.add(s.substring(start, i));
                start = i + separator.length();
                i = start - 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }
}

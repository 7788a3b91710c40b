package io.rowback.config;

import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;

/** Which tables of a source to snapshot: glob patterns ({@code *} any run, {@code ?} one character). */
public record TableFilter(List<String> include, List<String> exclude) implements Serializable {
    public static final TableFilter ALL = new TableFilter(List.of("*"), List.of());

    public TableFilter {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    public boolean selects(String table) {
        return include.stream().anyMatch(p -> matches(p, table)) && exclude.stream().noneMatch(p -> matches(p, table));
    }

    /** Case-insensitive, as table names are on MySQL/MariaDB on most systems and in unquoted PostgreSQL. */
    public static boolean matches(String pattern, String table) {
        return toRegex(pattern).matcher(table).matches();
    }

    static Pattern toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** Null when the pattern is usable, otherwise why not. */
    public static String problemWith(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return "a pattern may not be empty";
        }
        for (char c : pattern.toCharArray()) {
            if ("[]{}()|^+\\/".indexOf(c) >= 0 || Character.isISOControl(c)) {
                return "'" + pattern + "' contains '" + c + "'; patterns are table names with * (any run of characters) and ? (one character)";
            }
        }
        return null;
    }
}

package io.rowback.jobs.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SQL script split into statements at the semicolons that are not inside a string, a quoted
 * identifier or a comment. MySQL strings take backslash escapes (unless the script says
 * backslash-escapes=off); PostgreSQL strings only in the E'' form.
 */
public final class SqlScript {
    /** A statement and the line it starts on. */
    public record Statement(String sql, int line, List<String> marks) {
        public Statement {
            marks = List.copyOf(marks);
        }

        public Statement(String sql, int line) {
            this(sql, line, List.of());
        }

        /** The first line of the statement, for messages. */
        public String head() {
            String first = sql.lines().filter(l -> !l.strip().startsWith("--")).findFirst().orElse(sql).strip();
            return first.length() > 160 ? first.substring(0, 157) + "..." : first;
        }

        /** BEGIN, START TRANSACTION, COMMIT, ROLLBACK: the runner keeps the transaction itself. */
        public boolean isTransactionControl() {
            String s = withoutComments().toUpperCase(Locale.ROOT);
            return s.equals("BEGIN") || s.equals("START TRANSACTION") || s.equals("COMMIT") || s.equals("ROLLBACK");
        }

        String withoutComments() {
            return sql.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + " " + b).strip();
        }
    }

    private static final Pattern MARKER = Pattern.compile("(?m)^-- rowback:dialect=(\\S+)(?: backslash-escapes=(on|off))?");

    private final String dialect;
    private final boolean backslashEscapes;
    private final List<Statement> statements;

    private SqlScript(String dialect, boolean backslashEscapes, List<Statement> statements) {
        this.dialect = dialect;
        this.backslashEscapes = backslashEscapes;
        this.statements = statements;
    }

    /** The dialect the script says it is written for (rowback's marker line), or null. */
    public String dialect() {
        return dialect;
    }

    public List<Statement> statements() {
        return statements;
    }

    /** @param defaultDialect the source's dialect, for a script without rowback's marker line */
    public static SqlScript parse(String text, String defaultDialect) {
        Matcher m = MARKER.matcher(text);
        String dialect = null;
        boolean backslash = defaultDialect.equals("mysql") || defaultDialect.equals("mariadb");
        if (m.find()) {
            dialect = m.group(1);
            backslash = "on".equals(m.group(2));
        }
        return new SqlScript(dialect, backslash, split(text, backslash));
    }

    static List<Statement> split(String text, boolean mysqlBackslashes) {
        List<Statement> out = new ArrayList<>();
        List<String> marks = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int line = 1;
        int start = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (cur.toString().isBlank() && !Character.isWhitespace(c)) {
                start = line;
            }
            if (c == '\n') {
                line++;
            }
            if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                int end = text.indexOf('\n', i);
                end = end < 0 ? n : end;
                if (!cur.toString().isBlank()) {
                    cur.append(text, i, end);
                } else if (text.startsWith(io.rowback.jobs.script.Marks.PREFIX, i)) {
                    marks.add(text.substring(i, end).stripTrailing());
                }
                i = end;
                continue;
            }
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += count(text, i, end);
                cur.append(text, i, end);
                i = end;
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                boolean escapes = c == '\'' && (mysqlBackslashes || i > 0 && (text.charAt(i - 1) == 'E' || text.charAt(i - 1) == 'e')
                        && (i < 2 || !Character.isLetterOrDigit(text.charAt(i - 2))));
                int j = i + 1;
                while (j < n) {
                    char d = text.charAt(j);
                    if (escapes && d == '\\') {
                        j += 2;
                        continue;
                    }
                    if (d == c) {
                        if (j + 1 < n && text.charAt(j + 1) == c) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                int end = Math.min(n, j + 1);
                line += count(text, i + 1, end);
                cur.append(text, i, end);
                i = end;
                continue;
            }
            if (c == ';') {
                String sql = withoutTrailingComments(cur.toString());
                if (!sql.isEmpty()) {
                    out.add(new Statement(sql, start, marks));
                }
                marks.clear();
                cur.setLength(0);
                i++;
                continue;
            }
            cur.append(c);
            i++;
        }
        String rest = withoutTrailingComments(cur.toString());
        if (!rest.isEmpty()) {
            out.add(new Statement(rest, start, marks));
        }
        return out;
    }

    private static String withoutTrailingComments(String sql) {
        List<String> lines = new ArrayList<>(sql.strip().lines().toList());
        while (!lines.isEmpty() && (lines.get(lines.size() - 1).strip().startsWith("--") || lines.get(lines.size() - 1).isBlank())) {
            lines.remove(lines.size() - 1);
        }
        return String.join("\n", lines).strip();
    }

    private static int count(String text, int from, int to) {
        int c = 0;
        for (int k = from; k < to && k < text.length(); k++) {
            if (text.charAt(k) == '\n') {
                c++;
            }
        }
        return c;
    }

    public boolean backslashEscapes() {
        return backslashEscapes;
    }
}

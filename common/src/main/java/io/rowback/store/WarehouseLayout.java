package io.rowback.store;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Where a source's Delta tables live:
 * <pre>
 * &lt;warehouse&gt;/&lt;source&gt;/&lt;table&gt;/            one Delta table per source table, partitioned by snapshot_date
 * &lt;warehouse&gt;/&lt;source&gt;/_rowback/catalog/    tables, columns, keys per snapshot_date
 * &lt;warehouse&gt;/&lt;source&gt;/_rowback/runs/       outcome per snapshot_date and table
 * </pre>
 * Table names become folder names: letters, digits, '_', '-', '.' and '$' stay, anything else (and a
 * leading '_' or '.', which Hadoop treats as hidden) is written %XX.
 */
public record WarehouseLayout(String warehouse, String source) implements Serializable {
    public static final String DATE_COLUMN = "snapshot_date";
    public static final String META = "_rowback";

    public String sourcePath() {
        return join(trimmed(warehouse), source);
    }

    public String tablePath(String table) {
        return join(sourcePath(), encode(table));
    }

    public String catalogPath() {
        return join(join(sourcePath(), META), "catalog");
    }

    public String runsPath() {
        return join(join(sourcePath(), META), "runs");
    }

    private static String trimmed(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/") && !p.endsWith("://")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static String join(String parent, String child) {
        return parent.endsWith("/") ? parent + child : parent + "/" + child;
    }

    public static String encode(String table) {
        StringBuilder out = new StringBuilder();
        byte[] bytes = table.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean plain = b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '$'
                    || (b == '_' || b == '.') && i > 0;
            out.append(plain ? String.valueOf((char) b) : String.format("%%%02X", b));
        }
        return out.toString();
    }

    /**
     * The name a source column is stored under in Delta, which refuses names with any of
     * {@code " ,;{}()\n\t="}, names equal ignoring case, and a second snapshot_date. Such characters
     * (and '%') are written %XX; in a table whose columns differ only in case, the upper-case letters
     * of each name that is not all lower case are written %XX too; a source column named
     * snapshot_date (any case) has its '_' written %5F. Every other name is stored as it is, so
     * {@link #sourceName} of a stored name is always the source's name.
     */
    public static String storedName(String column, java.util.Collection<String> tableColumns) {
        String lower = column.toLowerCase(java.util.Locale.ROOT);
        boolean caseTwin = !lower.equals(column) && tableColumns.stream().anyMatch(o -> !o.equals(column) && o.equalsIgnoreCase(column));
        boolean reserved = lower.equals(DATE_COLUMN);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < column.length(); ) {
            int cp = column.codePointAt(i);
            i += Character.charCount(cp);
            boolean escape = cp < 32 || " ,;{}()=%".indexOf(cp) >= 0 || caseTwin && Character.isUpperCase(cp) || reserved && cp == '_';
            if (escape) {
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    out.append(String.format("%%%02X", b & 0xff));
                }
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** Source column name → stored name, for every column of the table. */
    public static java.util.Map<String, String> storedNames(io.rowback.catalog.Table table) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        List<String> names = table.columnNames();
        names.forEach(n -> out.put(n, storedName(n, names)));
        return out;
    }

    /** The source's name of a stored column (the inverse of {@link #storedName}). */
    public static String sourceName(String stored) {
        return stored.indexOf('%') < 0 ? stored : decode(stored);
    }

    public static String decode(String folder) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < folder.length(); i++) {
            char c = folder.charAt(i);
            if (c == '%' && i + 2 < folder.length()) {
                out.write(Integer.parseInt(folder.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

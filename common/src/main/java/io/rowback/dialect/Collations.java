package io.rowback.dialect;

import java.io.Serializable;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a database compares text under a column's collation, as a folding of the value: two values
 * are the same key when their foldings are equal. An approximation of the collation's rules that
 * holds for what matters to keys: letter case, accents, and trailing spaces (MySQL's PAD SPACE).
 * <ul>
 *   <li>MySQL/MariaDB: {@code _bin} exact; {@code _ci} case-insensitive and, unless {@code _as}, accent-insensitive
 *       (their UCA and general collations compare at the primary level); trailing spaces ignored unless {@code nopad}
 *       (https://mariadb.com/kb/en/setting-character-sets-and-collations/, https://dev.mysql.com/doc/refman/8.0/en/charset-binary-collations.html).</li>
 *   <li>PostgreSQL: {@code citext} compares {@code lower()} of both sides; ICU nondeterministic collations by their
 *       strength: {@code ks-level1} ignores case and accents, {@code ks-level2} case only
 *       (https://www.postgresql.org/docs/current/collation.html#COLLATION-NONDETERMINISTIC).</li>
 * </ul>
 */
public record Collations(boolean caseInsensitive, boolean accentInsensitive, boolean padSpace) implements Serializable {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    public static final Collations EXACT = new Collations(false, false, false);

    /** The folding of a collation as the catalog records it ({@link io.rowback.catalog.Column#collation()}); null is exact. */
    public static Collations of(String collation) {
        if (collation == null || collation.isEmpty()) {
            return EXACT;
        }
        String c = collation.toLowerCase(Locale.ROOT);
        if (c.equals("citext")) {
            return new Collations(true, false, false);
        }
        if (c.startsWith("i:") || c.startsWith("icu:") || c.contains("-u-")) {
            boolean level1 = c.contains("ks-level1");
            boolean level2 = c.contains("ks-level2");
            return new Collations(level1 || level2, level1, false);
        }
        if (c.startsWith("c:") || c.startsWith("d:") || c.startsWith("b:")) {
            return EXACT;
        }
        if (c.endsWith("_bin") || c.equals("binary")) {
            return EXACT;
        }
        boolean pad = !c.contains("nopad");
        boolean ci = c.endsWith("_ci") || c.contains("_ci_");
        boolean ai = ci && !c.contains("_as_") && !c.endsWith("_as");
        return new Collations(ci, ai, pad);
    }

    public boolean exact() {
        return !caseInsensitive && !accentInsensitive && !padSpace;
    }

    /** The value as the collation sees it. */
    public String fold(String s) {
        if (s == null) {
            return null;
        }
        String out = s;
        if (padSpace) {
            int end = out.length();
            while (end > 0 && out.charAt(end - 1) == ' ') {
                end--;
            }
            out = out.substring(0, end);
        }
        if (accentInsensitive) {
            out = MARKS.matcher(Normalizer.normalize(out, Normalizer.Form.NFD)).replaceAll("");
        }
        if (caseInsensitive) {
            out = out.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        }
        return out;
    }
}

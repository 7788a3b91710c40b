package io.rowback.jobs.reconcile;

import io.rowback.catalog.Catalog;
import io.rowback.catalog.Table;
import io.rowback.errors.Errors;
import io.rowback.store.RunRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What reconcile refuses before it reads any row: dates in the wrong order or without a snapshot,
 * a snapshot that did not finish, a root table without a primary key, and a table whose row count
 * collapsed between the dates (a failed extract must never look like a mass deletion), an --out
 * that is not a folder of its own. None of them writes anything.
 */
final class Preconditions {
    private Preconditions() {
    }

    static void datesInOrder(LocalDate from, LocalDate to) {
        if (!from.isBefore(to)) {
            throw Errors.invalid("--from " + from + " is not before --to " + to + "; reconcile compares an earlier snapshot with a later one");
        }
    }

    private static final java.util.regex.Pattern URI_SCHEME = java.util.regex.Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):/.*");

    /**
     * The local folder an option names. The warehouse may be on any Hadoop file system, but the
     * scripts and the report are read by apply and by a person on this machine: a URI other than
     * file: (hdfs://, s3a://) is refused rather than taken for a relative local path "hdfs:/...".
     */
    static Path localFolder(String option, String given) {
        var m = URI_SCHEME.matcher(given);
        if (m.matches()) {
            if (!m.group(1).equalsIgnoreCase("file")) {
                throw Errors.invalid(option + " " + given + " is a " + m.group(1) + " URI; the scripts and the report are written to a local folder"
                        + " (apply and a person read them there), wherever the warehouse is; name a local folder, e.g. " + option + " ./restore");
            }
            try {
                return Path.of(java.net.URI.create(given));
            } catch (IllegalArgumentException e) {
                throw Errors.invalid(option + " " + given + " is not a valid file: URI (" + Errors.oneLine(String.valueOf(e.getMessage()))
                        + "); name a local folder, e.g. " + option + " ./restore");
            }
        }
        return Path.of(given);
    }

    /**
     * --out may be missing (it is made when the outputs are written), or a folder holding only a
     * previous reconcile's files; either way one this user can write to. Creates nothing.
     */
    static void outFolder(Path out) throws IOException {
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                throw Errors.invalid("--out " + out + " is a file; name a folder for the scripts and the report");
            }
            try (var files = Files.list(out)) {
                List<String> other = files.map(p -> p.getFileName().toString())
                        .filter(n -> !Reconciliation.OUTPUTS.contains(n) && !n.equals(Reconciliation.PARTIAL)).toList();
                if (!other.isEmpty()) {
                    throw Errors.invalid("--out " + out + " holds other files (" + Errors.preview(other, 5) + "); choose an empty folder");
                }
            }
            if (!Files.isWritable(out)) {
                throw Errors.invalid("--out " + out + " is not writable; choose a folder you can write to");
            }
            return;
        }
        Path parent = out.toAbsolutePath().getParent();
        while (parent != null && !Files.exists(parent)) {
            parent = parent.getParent();
        }
        if (parent == null || !Files.isDirectory(parent)) {
            throw Errors.invalid("--out " + out + " cannot be made: " + parent + " is a file; name a folder for the scripts and the report");
        }
        if (!Files.isWritable(parent)) {
            throw Errors.invalid("--out " + out + " cannot be made: " + parent + " is not writable; choose a folder you can write to");
        }
    }

    static void snapshotted(LocalDate date, String option, List<LocalDate> dates, String source) {
        if (!dates.contains(date)) {
            throw Errors.invalid(option + " " + date + ": source '" + source + "' has no snapshot of that date; it has "
                    + (dates.isEmpty() ? "none (run rowback snapshot first)" : Errors.preview(dates.stream().map(LocalDate::toString).toList(), 20)));
        }
    }

    /** Warnings when allowed, otherwise an error naming the tables that did not succeed. */
    static List<String> complete(LocalDate date, Catalog catalog, Map<String, RunRecord> runs, boolean allow) {
        List<String> missing = new ArrayList<>();
        for (String t : catalog.names()) {
            RunRecord r = runs.get(t);
            if (r == null || !r.succeeded()) {
                missing.add(t + (r == null ? " (no record)" : " (failed: " + Errors.oneLine(r.error()) + ")"));
            }
        }
        if (missing.isEmpty()) {
            return List.of();
        }
        String what = "the snapshot of " + date + " is incomplete: " + Errors.preview(missing, 5);
        if (!allow) {
            throw Errors.invalid(what + "; take the snapshot again, or pass --allow-incomplete to read what is there");
        }
        return List.of(what + " (read anyway: --allow-incomplete)");
    }

    static void roots(Collection<String> roots, Catalog from, LocalDate date) {
        for (String r : roots) {
            Table t = from.table(r).orElse(null);
            if (t == null) {
                if (from.view(r).isPresent()) {
                    throw Errors.viewNotSnapshotted("--root", from.view(r).get(), date);
                }
                throw Errors.invalid("--root " + r + ": there is no table '" + r + "' in the snapshot of " + date
                        + " (views are not snapshotted); tables: " + Errors.preview(from.names(), 12));
            }
            if (!t.hasPrimaryKey()) {
                throw Errors.invalid("--root " + r + ": table '" + t.name() + "' has no primary key, so its rows cannot be told apart"
                        + " between dates; choose a root table with a primary key");
            }
        }
    }

    /**
     * Tables whose rows fell to zero, or by more than the allowed share, between the dates. Refused
     * unless allowed; when allowed, said loudly.
     */
    static List<String> rowCounts(Collection<String> tables, Map<String, RunRecord> from, Map<String, RunRecord> to, double maxDrop,
                                  boolean allow, String source) {
        List<String> dropped = new ArrayList<>();
        for (String t : tables) {
            RunRecord a = from.get(t);
            RunRecord b = to.get(t);
            if (a == null || b == null || a.rows() == 0) {
                continue;
            }
            double share = (a.rows() - b.rows()) / (double) a.rows();
            if (b.rows() == 0 || share > maxDrop) {
                dropped.add(String.format("%s fell from %,d to %,d rows (%.0f%%)", t, a.rows(), b.rows(), share * 100));
            }
        }
        if (dropped.isEmpty()) {
            return List.of();
        }
        String what = String.join("; ", dropped);
        if (!allow) {
            throw Errors.invalid(what + ": more than sources." + source + ".maxRowDrop (" + maxDrop + ") allows, which looks like a failed"
                    + " extract rather than deletions; check the snapshot, or pass --allow-drop if the rows really are gone");
        }
        return List.of("WARNING: " + what + " (read anyway: --allow-drop)");
    }
}

package io.rowback.jobs.prune;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Which snapshot dates a retention policy keeps, as restic and borg count: the newest {@code daily}
 * complete dates; for each of the newest {@code weekly} ISO weeks (and {@code monthly} months) that
 * have a complete date, the newest complete date in it. The newest complete date is always kept; an
 * incomplete date newer than it is kept (a run to finish with --only-failed), an older one is not.
 */
public record Retention(int daily, int weekly, int monthly) {
    /** What to keep and what to remove, each oldest first. */
    public record Decision(List<LocalDate> keep, List<LocalDate> remove) {
    }

    public Decision decide(Collection<LocalDate> dates, Collection<LocalDate> complete) {
        TreeSet<LocalDate> done = new TreeSet<>(complete);
        done.retainAll(new TreeSet<>(dates));
        TreeSet<LocalDate> keep = new TreeSet<>();
        if (!done.isEmpty()) {
            keep.add(done.last());
            done.descendingSet().stream().limit(daily).forEach(keep::add);
            keep.addAll(newestPer(done, d -> d.get(IsoFields.WEEK_BASED_YEAR) * 100L + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), weekly));
            keep.addAll(newestPer(done, d -> d.getYear() * 100L + d.getMonthValue(), monthly));
        }
        List<LocalDate> remove = new ArrayList<>();
        for (LocalDate d : new TreeSet<>(dates)) {
            boolean pending = !done.contains(d) && (done.isEmpty() || d.isAfter(done.last()));
            if (pending) {
                keep.add(d);
            } else if (!keep.contains(d)) {
                remove.add(d);
            }
        }
        return new Decision(List.copyOf(keep), remove);
    }

    private static List<LocalDate> newestPer(TreeSet<LocalDate> dates, Function<LocalDate, Long> bucket, int count) {
        Map<Long, LocalDate> newest = new TreeMap<>(java.util.Comparator.reverseOrder());
        for (LocalDate d : dates) {
            newest.merge(bucket.apply(d), d, (a, b) -> a.isAfter(b) ? a : b);
        }
        return newest.values().stream().limit(count).toList();
    }
}

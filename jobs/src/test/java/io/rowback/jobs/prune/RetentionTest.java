package io.rowback.jobs.prune;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RetentionTest {
    static List<LocalDate> dates(String... d) {
        return Stream.of(d).map(LocalDate::parse).toList();
    }

    @Test
    void dailyWeeklyMonthlyAsResticCounts() {
        List<LocalDate> all = dates("2025-11-30", "2025-12-31", "2026-01-10", "2026-01-17", "2026-01-24", "2026-01-30", "2026-01-31");
        Retention.Decision d = new Retention(2, 2, 2).decide(all, all);
        // daily: 01-31, 01-30; weekly: week of 01-26 -> 01-31, week of 01-19 -> 01-24; monthly: 01-31, 12-31
        assertEquals(dates("2025-12-31", "2026-01-24", "2026-01-30", "2026-01-31"), d.keep());
        assertEquals(dates("2025-11-30", "2026-01-10", "2026-01-17"), d.remove());
    }

    @Test
    void theNewestCompleteDateIsAlwaysKept() {
        List<LocalDate> all = dates("2026-01-01", "2026-01-02", "2026-01-03");
        Retention.Decision d = new Retention(0, 0, 0).decide(all, dates("2026-01-01", "2026-01-02"));
        assertEquals(dates("2026-01-02", "2026-01-03"), d.keep(), "the newest complete, and an unfinished date after it");
        assertEquals(dates("2026-01-01"), d.remove());
    }

    @Test
    void anIncompleteDateOlderThanTheNewestCompleteOneIsRemovedUnlessThePolicyCountsIt() {
        List<LocalDate> all = dates("2026-01-01", "2026-01-02", "2026-01-03");
        Retention.Decision d = new Retention(5, 0, 0).decide(all, dates("2026-01-01", "2026-01-03"));
        assertEquals(dates("2026-01-01", "2026-01-03"), d.keep(), "a failed date does not count as a daily");
        assertEquals(dates("2026-01-02"), d.remove());
    }

    @Test
    void nothingCompleteRemovesNothing() {
        List<LocalDate> all = dates("2026-01-01", "2026-01-02");
        assertEquals(List.of(), new Retention(1, 0, 0).decide(all, List.of()).remove());
    }
}

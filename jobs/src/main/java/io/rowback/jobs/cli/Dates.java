package io.rowback.jobs.cli;

import io.rowback.errors.Errors;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/** --date, --from, --to: strict YYYY-MM-DD; today is today in UTC. */
public final class Dates {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    private Dates() {
    }

    public static LocalDate parse(String option, String value) {
        if (value == null) {
            return LocalDate.now(ZoneOffset.UTC);
        }
        try {
            return LocalDate.parse(value.strip(), ISO);
        } catch (DateTimeParseException e) {
            throw Errors.invalidDate(option, value);
        }
    }
}

package io.rowback.jobs.reconcile;

import io.rowback.catalog.Column;
import io.rowback.catalog.Table;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * What changed in the schema of the tables to restore between D1 and D2: the restore goes into the
 * schema of today. A column added NOT NULL without a default takes no value from the snapshot, so
 * the rows of that table are held back (and the rows that need them); a column of D1 that is gone
 * (dropped, or renamed) cannot take its values back, which is said with the rows it concerns.
 */
final class SchemaDrift {
    /** A column D2 has and D1 had not, that an INSERT cannot leave out. */
    record Required(String table, String column, String type) {
        String text() {
            return table + "." + column + " (" + type + ") was added NOT NULL without a default after the first date: the rows of " + table
                    + " cannot go back without a value for it and are held back, with the rows that need them;"
                    + " give the column a DEFAULT (or restore these rows by hand)";
        }
    }

    /** A column D1 had and D2 has not; {@code renamedTo} a column of the same type that D2 has and D1 had not, or null. */
    record Gone(String table, String column, String type, String renamedTo) {
        String text(long rowsWithValue) {
            return table + "." + column + " (" + type + ") is gone on the second date" + (renamedTo == null ? "" : " (renamed to " + renamedTo + "?)")
                    + ": " + String.format("%,d", rowsWithValue) + " of the rows to restore had a value there, which the script cannot write back";
        }
    }

    record Result(List<Required> required, List<Gone> gone) {
    }

    private SchemaDrift() {
    }

    static Result of(Collection<Table> before, java.util.function.Function<String, Table> after) {
        List<Required> required = new ArrayList<>();
        List<Gone> gone = new ArrayList<>();
        for (Table b : before) {
            Table a = after.apply(b.name());
            if (a == null) {
                continue;
            }
            List<Column> added = a.columns().stream().filter(c -> b.column(c.name()).isEmpty()).toList();
            for (Column c : added) {
                if (!c.nullable() && !c.hasDefault() && !c.generated() && !c.identity()) {
                    required.add(new Required(b.name(), c.name(), c.sourceType()));
                }
            }
            for (Column c : b.columns()) {
                if (c.generated() || a.column(c.name()).isPresent()) {
                    continue;
                }
                String renamed = added.stream().filter(x -> sameType(x, c)).map(Column::name).findFirst().orElse(null);
                gone.add(new Gone(b.name(), c.name(), c.sourceType(), renamed));
            }
        }
        return new Result(required, gone);
    }

    private static boolean sameType(Column a, Column b) {
        return a.sourceType().toLowerCase(Locale.ROOT).equals(b.sourceType().toLowerCase(Locale.ROOT));
    }
}

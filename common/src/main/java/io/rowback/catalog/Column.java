package io.rowback.catalog;

import java.io.Serializable;

/**
 * A column as the source had it on a snapshot date, and how rowback stores it.
 *
 * @param sourceType   the full type as the database writes it: {@code bigint(20) unsigned}, {@code numeric(10,2)}
 * @param dataType     the base type, lower case: {@code bigint}, {@code numeric}, {@code enum}, {@code array}
 * @param length       maximum characters of a character column, otherwise -1
 * @param generated    computed by the database (never inserted)
 * @param identity     filled by the database when not given (auto_increment, identity, serial)
 * @param sparkType    the Spark SQL type the column is stored as in Delta
 * @param storedAsText the value is kept as the database's own text form, because no Spark type holds
 *                     it exactly; restore writes it back as that text
 * @param collation    how the database compares its values, when not byte for byte: MySQL's collation name
 *                     ({@code utf8mb4_general_ci}), {@code citext}, or a PostgreSQL nondeterministic collation
 *                     ({@code icu:und-u-ks-level2}); null when unknown or exact
 * @param hasDefault   an INSERT without this column succeeds (a default, NULL allowed, identity or generated)
 * @param autoUpdated  the server sets it on every UPDATE of the row (ON UPDATE CURRENT_TIMESTAMP, or a
 *                     BEFORE UPDATE trigger assigns it): its value is no evidence that a person edited the row
 */
public record Column(String name, int position, String sourceType, String dataType, boolean nullable, boolean generated,
                     boolean identity, int length, String sparkType, boolean storedAsText, String collation, boolean hasDefault,
                     boolean autoUpdated) implements Serializable {

    /** A column whose comparison, default and updates are not known (catalogs written before they were recorded). */
    public Column(String name, int position, String sourceType, String dataType, boolean nullable, boolean generated,
                  boolean identity, int length, String sparkType, boolean storedAsText) {
        this(name, position, sourceType, dataType, nullable, generated, identity, length, sparkType, storedAsText, null, true, false);
    }

    public Column withTraits(String collation, boolean hasDefault, boolean autoUpdated) {
        return new Column(name, position, sourceType, dataType, nullable, generated, identity, length, sparkType, storedAsText,
                collation, hasDefault, autoUpdated);
    }
}

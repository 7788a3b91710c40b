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
 */
public record Column(String name, int position, String sourceType, String dataType, boolean nullable, boolean generated,
                     boolean identity, int length, String sparkType, boolean storedAsText) implements Serializable {
}

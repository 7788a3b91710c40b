package io.rowback.dialect;

/**
 * A column as a catalog query describes it, before the dialect decides how to store it.
 *
 * @param dataType   base type, lower case, after resolving domains ({@code int}, {@code numeric}, {@code array})
 * @param sourceType the full type text ({@code int(10) unsigned}, {@code numeric(10,2)}, {@code mpaa_rating})
 * @param precision  numeric precision, or bit length for BIT; -1 when none
 * @param scale      numeric scale; -1 when none
 */
public record SourceColumn(String name, int position, String dataType, String sourceType, int precision, int scale,
                           int length, boolean unsigned, boolean nullable, boolean generated, boolean identity) {
}

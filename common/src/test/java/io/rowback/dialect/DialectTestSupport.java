package io.rowback.dialect;

import io.rowback.catalog.Column;

/** Columns and source columns for the dialect tests. */
final class DialectTestSupport {
    private DialectTestSupport() {
    }

    static Column column(String name, String sourceType, String dataType, String sparkType, boolean storedAsText) {
        return new Column(name, 1, sourceType, dataType, true, false, false, -1, sparkType, storedAsText);
    }

    static SourceColumn sourceColumn(String dataType, String sourceType, int precision, int scale, boolean unsigned) {
        return new SourceColumn("c", 3, dataType, sourceType, precision, scale, -1, unsigned, true, false, false);
    }
}

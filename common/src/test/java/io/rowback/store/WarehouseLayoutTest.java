package io.rowback.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WarehouseLayoutTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /var/lib/rowback                | /var/lib/rowback/lino
            /var/lib/rowback/               | /var/lib/rowback/lino
            /var/lib/rowback///             | /var/lib/rowback/lino
            /                               | /lino
            relative/dir                    | relative/dir/lino
            hdfs://nn:8020/rowback          | hdfs://nn:8020/rowback/lino
            hdfs://nn:8020/rowback/         | hdfs://nn:8020/rowback/lino
            hdfs://nn:8020/                 | hdfs://nn:8020/lino
            s3a://bucket                    | s3a://bucket/lino
            s3a://bucket/                   | s3a://bucket/lino
            s3a://bucket/some/prefix/       | s3a://bucket/some/prefix/lino
            file:///tmp/w/                  | file:///tmp/w/lino
            """)
    void paths(String warehouse, String sourcePath) {
        WarehouseLayout layout = new WarehouseLayout(warehouse, "lino");
        assertAll(
                () -> assertEquals(sourcePath, layout.sourcePath()),
                () -> assertEquals(sourcePath + "/pcsw_client", layout.tablePath("pcsw_client")),
                () -> assertEquals(sourcePath + "/my%20table", layout.tablePath("my table")),
                () -> assertEquals(sourcePath + "/_rowback/catalog", layout.catalogPath()),
                () -> assertEquals(sourcePath + "/_rowback/runs", layout.runsPath()));
    }

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("pcsw_client", "pcsw_client"),
                Arguments.of("Mixed-Case$1.v2", "Mixed-Case$1.v2"),
                Arguments.of("my table", "my%20table"),
                Arguments.of("100%", "100%25"),
                Arguments.of("a%2Fb", "a%252Fb"),
                Arguments.of("_hidden", "%5Fhidden"),
                Arguments.of("__x_", "%5F_x_"),
                Arguments.of(".dot", "%2Edot"),
                Arguments.of(".", "%2E"),
                Arguments.of("..", "%2E."),
                Arguments.of("a/b", "a%2Fb"),
                Arguments.of("a\\b", "a%5Cb"),
                Arguments.of("a:b", "a%3Ab"),
                Arguments.of("ärger", "%C3%A4rger"),
                Arguments.of("表", "%E8%A1%A8"),
                Arguments.of("😀", "%F0%9F%98%80"),
                Arguments.of("a'b\"c`d", "a%27b%22c%60d"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("names")
    void encodeAndDecode(String table, String folder) {
        assertEquals(folder, WarehouseLayout.encode(table));
        assertEquals(table, WarehouseLayout.decode(folder));
        assertTrue(folder.matches("[A-Za-z0-9%$-][A-Za-z0-9%$._-]*"), () -> "not a plain, visible folder name: " + folder);
    }

    @Test
    void dateColumnAndMetaFolder() {
        assertEquals("snapshot_date", WarehouseLayout.DATE_COLUMN);
        assertEquals("_rowback", WarehouseLayout.META);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            id              | id
            CustomerId      | CustomerId
            "unit price"    | unit%20price
            "a,b;c{d}e(f)=g" | a%2Cb%3Bc%7Bd%7De%28f%29%3Dg
            100%            | 100%25
            snapshot_date   | snapshot%5Fdate
            Snapshot_Date   | %53napshot%5F%44ate
            ID2             | %49%442
            Id2             | %49d2
            id2             | id2
            """)
    void storedNames(String column, String stored) {
        java.util.List<String> columns = java.util.List.of("id", "CustomerId", "unit price", "a,b;c{d}e(f)=g", "100%", "snapshot_date",
                "Snapshot_Date", "ID2", "Id2", "id2");
        assertEquals(stored, WarehouseLayout.storedName(column, columns));
        assertEquals(column, WarehouseLayout.sourceName(stored));
    }

    @Test
    void storedNamesAreDistinctIgnoringCase() {
        java.util.List<String> columns = java.util.List.of("ID2", "Id2", "id2", "iD2", "snapshot_date", "SNAPSHOT_DATE", "x y", "X Y");
        assertEquals(columns.size(), columns.stream().map(c -> WarehouseLayout.storedName(c, columns).toLowerCase(java.util.Locale.ROOT))
                .distinct().count());
        assertEquals("tab%09nl%0A", WarehouseLayout.storedName("tab\tnl\n", columns));
    }
}

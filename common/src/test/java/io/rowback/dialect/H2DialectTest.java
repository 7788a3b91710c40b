package io.rowback.dialect;

import io.rowback.catalog.Column;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.stream.Stream;

import static io.rowback.dialect.DialectTestSupport.column;
import static io.rowback.dialect.DialectTestSupport.sourceColumn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class H2DialectTest {
    private static final H2Dialect H2 = new H2Dialect();

    static Stream<Arguments> identifiers() {
        return Stream.of(
                Arguments.of("plain", "\"plain\""),
                Arguments.of("a`b", "\"a`b\""),
                Arguments.of("a\"b", "\"a\"\"b\""),
                Arguments.of("a b", "\"a b\""));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("identifiers")
    void quote(String identifier, String expected) {
        assertEquals(expected, H2.quote(identifier));
    }

    /** H2 strings have no escapes: quotes doubled, every other character as it is. */
    static Stream<Arguments> strings() {
        return Stream.of(
                Arguments.of("it's", "'it''s'"),
                Arguments.of("a\\b", "'a\\b'"),
                Arguments.of("a\u0000b", "'a\u0000b'"),
                Arguments.of("a\nb", "'a\nb'"),
                Arguments.of("a\u001Ab", "'a\u001Ab'"),
                Arguments.of("😀", "'😀'"),
                Arguments.of("a`b\"c", "'a`b\"c'"),
                Arguments.of("'; DROP TABLE x; --", "'''; DROP TABLE x; --'"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("strings")
    void stringLiteral(String value, String expected) {
        assertEquals(expected, H2.literal(value, null));
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(null, "NULL"),
                Arguments.of(42L, "42"),
                Arguments.of(new BigDecimal("1E+3"), "1000"),
                Arguments.of(2.5d, "2.5"),
                Arguments.of(true, "TRUE"),
                Arguments.of(new byte[]{0x0A, (byte) 0xFF}, "X'0AFF'"),
                Arguments.of(LocalDate.of(2015, 6, 5), "DATE '2015-06-05'"),
                Arguments.of(LocalDateTime.of(2015, 6, 5, 10, 11, 12, 123_456_000), "TIMESTAMP '2015-06-05 10:11:12.123456'"),
                Arguments.of(Instant.parse("2015-06-05T10:11:12Z"), "TIMESTAMP WITH TIME ZONE '2015-06-05 10:11:12+00:00'"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("values")
    void valueLiteral(Object value, String expected) {
        assertEquals(expected, H2.literal(value, null));
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void doublesWithoutLiteralAreRefused(double d) {
        assertThrows(IllegalArgumentException.class, () -> H2.literal(d, null));
    }

    @Test
    void columnStoredAsTextIsReadAsVarchar() {
        Column interval = column("i", "INTERVAL DAY", "interval", "STRING", true);
        assertEquals("CAST(\"i\" AS VARCHAR)", H2.readExpression(interval));
        assertEquals("'1 day'", H2.literal("1 day", interval));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            integer           | -1 | -1 | INT           | false
            character varying | -1 | -1 | STRING        | false
            timestamp         | -1 | -1 | TIMESTAMP_NTZ | false
            numeric           | 10 |  2 | DECIMAL(10,2) | false
            numeric           | 100|  0 | STRING        | true
            interval          | -1 | -1 | STRING        | true
            """)
    void store(String dataType, int precision, int scale, String sparkType, boolean asText) {
        Column stored = H2.store(sourceColumn(dataType, dataType, precision, scale, false));
        assertEquals(sparkType, stored.sparkType());
        assertEquals(asText, stored.storedAsText());
    }
}

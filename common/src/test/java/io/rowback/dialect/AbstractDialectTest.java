package io.rowback.dialect;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What every dialect shares: numbers written so that they read back exactly. */
class AbstractDialectTest {
    private static final List<Named<Dialect>> ALL = List.of(
            Named.of("mysql", new MySqlDialect(false)),
            Named.of("mysql NO_BACKSLASH_ESCAPES", new MySqlDialect(true)),
            Named.of("mariadb", new MariaDbDialect(false)),
            Named.of("postgresql", new PostgresDialect()),
            Named.of("h2", new H2Dialect()));

    static Stream<Arguments> floats() {
        List<Float> floats = List.of(0.1f, -2.5f, 1f / 3, 1e-7f, 123456.79f, Float.MAX_VALUE, Float.MIN_VALUE, Float.MIN_NORMAL, 0f);
        return ALL.stream().flatMap(d -> floats.stream().map(f -> Arguments.of(d, f)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("floats")
    void floatIsItsExactValue(Dialect dialect, float f) {
        String literal = dialect.literal(f, null);
        assertEquals(new BigDecimal(f), new BigDecimal(literal), literal);
        assertEquals(f, Float.parseFloat(literal), literal);
        assertEquals((double) f, Double.parseDouble(literal), literal);
    }

    static Stream<Arguments> doubles() {
        List<Double> doubles = List.of(0.1, -2.5, 1.0 / 3, 1e-300, 1e300, Double.MAX_VALUE, Double.MIN_VALUE, 0.0);
        return ALL.stream().flatMap(d -> doubles.stream().map(x -> Arguments.of(d, x)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("doubles")
    void doubleReadsBackAsTheSameDouble(Dialect dialect, double d) {
        assertEquals(d, Double.parseDouble(dialect.literal(d, null)));
    }

    static Stream<Arguments> decimals() {
        List<String> decimals = List.of("1E+3", "1E-10", "-0.000001230", "12345678901234567890.123456789", "0E-8");
        return ALL.stream().flatMap(d -> decimals.stream().map(x -> Arguments.of(d, x)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("decimals")
    void decimalIsPlainAndExact(Dialect dialect, String text) {
        BigDecimal value = new BigDecimal(text);
        String literal = dialect.literal(value, null);
        assertEquals(value.toPlainString(), literal);
        assertEquals(0, value.compareTo(new BigDecimal(literal)));
    }
}

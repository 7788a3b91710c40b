package io.rowback.dialect;

import io.rowback.catalog.Column;
import io.rowback.catalog.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;

import static io.rowback.dialect.DialectTestSupport.column;
import static io.rowback.dialect.DialectTestSupport.sourceColumn;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MySQL and MariaDB (which only renames the dialect) in both string modes. */
class MySqlDialectTest {
    private static final List<MySqlDialect> ESCAPING = List.of(new MySqlDialect(false), new MariaDbDialect(false));
    private static final List<MySqlDialect> NO_BACKSLASH_ESCAPES = List.of(new MySqlDialect(true), new MariaDbDialect(true));
    private static final MySqlDialect MYSQL = new MySqlDialect(false);

    static Stream<Arguments> identifiers() {
        return Stream.of(
                Arguments.of("plain", "`plain`"),
                Arguments.of("a`b", "`a``b`"),
                Arguments.of("``", "``````"),
                Arguments.of("a\"b", "`a\"b`"),
                Arguments.of("a b", "`a b`"),
                Arguments.of("a'b", "`a'b`"),
                Arguments.of("a.b", "`a.b`"),
                Arguments.of("表", "`表`"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("identifiers")
    void quote(String identifier, String expected) {
        for (MySqlDialect d : List.of(ESCAPING.get(0), ESCAPING.get(1), NO_BACKSLASH_ESCAPES.get(0))) {
            assertEquals(expected, d.quote(identifier), d.name());
        }
    }

    @Test
    void qualified() {
        assertEquals("`lino`.`a``b`", MYSQL.qualified("lino", "a`b"));
        assertEquals("`t`", MYSQL.qualified(null, "t"));
        assertEquals("`t`", MYSQL.qualified("", "t"));
    }

    /** The string, its literal with backslash escapes, its literal under NO_BACKSLASH_ESCAPES. */
    static Stream<Arguments> strings() {
        return Stream.of(
                Arguments.of("", "''", "''"),
                Arguments.of("plain", "'plain'", "'plain'"),
                Arguments.of("it's", "'it''s'", "'it''s'"),
                Arguments.of("''", "''''''", "''''''"),
                Arguments.of("a\\b", "'a\\\\b'", "'a\\b'"),
                Arguments.of("\\'", "'\\\\'''", "'\\'''"),
                Arguments.of("a\u0000b", "'a\\0b'", "_utf8mb4 X'610062'"),
                Arguments.of("a\nb", "'a\\nb'", "'a\nb'"),
                Arguments.of("a\r\nb", "'a\\r\\nb'", "'a\r\nb'"),
                Arguments.of("a\tb", "'a\tb'", "'a\tb'"),
                Arguments.of("a\u001Ab", "'a\\Zb'", "_utf8mb4 X'611A62'"),
                Arguments.of("😀", "'😀'", "'😀'"),
                Arguments.of("x'😀\u0000", "'x''😀\\0'", "_utf8mb4 X'7827F09F988000'"),
                Arguments.of("a`b\"c", "'a`b\"c'", "'a`b\"c'"),
                Arguments.of("'; DROP TABLE x; --", "'''; DROP TABLE x; --'", "'''; DROP TABLE x; --'"),
                Arguments.of("\\'; DROP TABLE x; --", "'\\\\''; DROP TABLE x; --'", "'\\''; DROP TABLE x; --'"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("strings")
    void stringLiteral(String value, String withBackslashEscapes, String withNoBackslashEscapes) {
        for (MySqlDialect d : ESCAPING) {
            assertEquals(withBackslashEscapes, d.literal(value, null), d.name() + " escaping backslashes");
        }
        for (MySqlDialect d : NO_BACKSLASH_ESCAPES) {
            assertEquals(withNoBackslashEscapes, d.literal(value, null), d.name() + " with NO_BACKSLASH_ESCAPES");
        }
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(null, "NULL"),
                Arguments.of(42, "42"),
                Arguments.of(-9_000_000_000L, "-9000000000"),
                Arguments.of((short) 7, "7"),
                Arguments.of((byte) -1, "-1"),
                Arguments.of(new BigInteger("18446744073709551615"), "18446744073709551615"),
                Arguments.of(new BigDecimal("1E+3"), "1000"),
                Arguments.of(new BigDecimal("-0.000001230"), "-0.000001230"),
                Arguments.of(new BigDecimal("12345678901234567890.12"), "12345678901234567890.12"),
                Arguments.of(1.5d, "1.5"),
                Arguments.of(1e20d, "1.0E20"),
                Arguments.of(-0.0d, "-0.0"),
                Arguments.of(true, "1"),
                Arguments.of(false, "0"),
                Arguments.of(new byte[]{0x0A, (byte) 0xFF}, "X'0AFF'"),
                Arguments.of(new byte[0], "X''"),
                Arguments.of(LocalDate.of(2015, 6, 5), "DATE '2015-06-05'"),
                Arguments.of(java.sql.Date.valueOf("2015-06-05"), "DATE '2015-06-05'"),
                Arguments.of(LocalDateTime.of(2015, 6, 5, 10, 11, 12, 123_456_000), "TIMESTAMP '2015-06-05 10:11:12.123456'"),
                Arguments.of(LocalDateTime.of(2015, 6, 5, 10, 11, 12, 120_000_000), "TIMESTAMP '2015-06-05 10:11:12.12'"),
                Arguments.of(LocalDateTime.of(2015, 6, 5, 10, 11, 12, 1_000), "TIMESTAMP '2015-06-05 10:11:12.000001'"),
                Arguments.of(LocalDateTime.of(2015, 6, 5, 10, 11, 12), "TIMESTAMP '2015-06-05 10:11:12'"),
                Arguments.of(LocalDateTime.of(2015, 6, 5, 0, 0), "TIMESTAMP '2015-06-05 00:00:00'"),
                // instants in UTC: the script sets time_zone '+00:00'
                Arguments.of(Instant.parse("2015-06-05T10:11:12.5Z"), "TIMESTAMP '2015-06-05 10:11:12.5'"),
                Arguments.of(java.time.OffsetDateTime.parse("2015-06-05T23:30:00-02:00").toInstant(), "TIMESTAMP '2015-06-06 01:30:00'"),
                Arguments.of(java.sql.Timestamp.from(Instant.parse("2015-06-05T10:11:12Z")), "TIMESTAMP '2015-06-05 10:11:12'"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("values")
    void valueLiteral(Object value, String expected) {
        for (MySqlDialect d : List.of(ESCAPING.get(0), ESCAPING.get(1), NO_BACKSLASH_ESCAPES.get(0))) {
            assertEquals(expected, d.literal(value, null), d.name());
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void doublesWithoutLiteralAreRefused(double d) {
        assertThrows(IllegalArgumentException.class, () -> MYSQL.literal(d, null));
    }

    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
    void floatsWithoutLiteralAreRefused(float f) {
        assertThrows(IllegalArgumentException.class, () -> MYSQL.literal(f, null));
    }

    @Test
    void floatIsWrittenExactly() {
        String literal = MYSQL.literal(0.1f, null);
        assertEquals("0.100000001490116119384765625", literal);
        assertEquals(0.1f, Float.parseFloat(literal));
    }

    @Test
    void unknownValueTypeIsRefusedNamingTheColumn() {
        Column c = column("weird", "varchar(10)", "varchar", "STRING", false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MYSQL.literal(new Object(), c));
        assertTrue(e.getMessage().contains("weird"), e.getMessage());
    }

    @Test
    void bitColumns() {
        Column flag = column("flag", "bit(1)", "bit", "BOOLEAN", false);
        Column mask = column("mask", "bit(10)", "bit", "DECIMAL(20,0)", false);
        assertAll(
                () -> assertEquals("b'1'", MYSQL.literal(true, flag)),
                () -> assertEquals("b'0'", MYSQL.literal(false, flag)),
                () -> assertEquals("NULL", MYSQL.literal(null, flag)),
                () -> assertEquals("1023", MYSQL.literal(new BigDecimal(1023), mask)),
                () -> assertEquals("`flag`", MYSQL.readExpression(flag)),
                () -> assertEquals("CAST(`mask` AS UNSIGNED)", MYSQL.readExpression(mask)));
    }

    @Test
    void columnsStoredAsText() {
        Column wide = column("amount", "decimal(65,30)", "decimal", "STRING", true);
        Column time = column("t", "time", "time", "STRING", true);
        Column text = column("c", "varchar(10)", "varchar", "STRING", false);
        assertAll(
                () -> assertEquals("12345.678900000000000000000000000000", MYSQL.literal("12345.678900000000000000000000000000", wide)),
                () -> assertEquals("'838:59:59'", MYSQL.literal("838:59:59", time)),
                () -> assertEquals("'it''s'", MYSQL.literal("it's", text)),
                () -> assertEquals("CAST(`amount` AS CHAR)", MYSQL.readExpression(wide)),
                () -> assertEquals("CAST(`t` AS CHAR)", MYSQL.readExpression(time)),
                () -> assertEquals("`c`", MYSQL.readExpression(text)));
    }

    @ParameterizedTest(name = "{1} unsigned={4} -> {5} text={6}")
    @CsvSource(delimiter = '|', textBlock = """
            bigint    | bigint(20) unsigned | -1 | -1 | true  | DECIMAL(20,0)  | false
            bigint    | bigint(20)          | -1 | -1 | false | BIGINT         | false
            int       | int(10) unsigned    | -1 | -1 | true  | BIGINT         | false
            int       | int(11)             | -1 | -1 | false | INT            | false
            mediumint | mediumint unsigned  | -1 | -1 | true  | INT            | false
            smallint  | smallint unsigned   | -1 | -1 | true  | INT            | false
            tinyint   | tinyint(3) unsigned | -1 | -1 | true  | SMALLINT       | false
            tinyint   | tinyint(1)          | -1 | -1 | false | TINYINT        | false
            decimal   | decimal(10,2)       | 10 |  2 | false | DECIMAL(10,2)  | false
            decimal   | decimal(38,0)       | 38 |  0 | false | DECIMAL(38,0)  | false
            decimal   | decimal(65,30)      | 65 | 30 | false | STRING         | true
            float     | float               | -1 | -1 | false | FLOAT          | false
            double    | double              | -1 | -1 | false | DOUBLE         | false
            bit       | bit(1)              |  1 | -1 | false | BOOLEAN        | false
            bit       | bit(10)             | 10 | -1 | false | DECIMAL(20,0)  | false
            varchar   | varchar(100)        | -1 | -1 | false | STRING         | false
            enum      | enum('a','b')       | -1 | -1 | false | STRING         | false
            json      | json                | -1 | -1 | false | STRING         | false
            longblob  | longblob            | -1 | -1 | false | BINARY         | false
            geometry  | geometry            | -1 | -1 | false | BINARY         | false
            date      | date                | -1 | -1 | false | STRING         | true
            datetime  | datetime(6)         | -1 | -1 | false | STRING         | true
            timestamp | timestamp           | -1 | -1 | false | STRING         | true
            year      | year(4)             | -1 | -1 | false | SMALLINT       | false
            time      | time                | -1 | -1 | false | STRING         | true
            uuid      | uuid                | -1 | -1 | false | STRING         | true
            inet6     | inet6               | -1 | -1 | false | STRING         | true
            """)
    void store(String dataType, String sourceType, int precision, int scale, boolean unsigned, String sparkType, boolean asText) {
        SourceColumn source = sourceColumn(dataType, sourceType, precision, scale, unsigned);
        Column stored = MYSQL.store(source);
        assertAll(
                () -> assertEquals(sparkType, stored.sparkType()),
                () -> assertEquals(asText, stored.storedAsText()),
                () -> assertEquals(source.name(), stored.name()),
                () -> assertEquals(source.position(), stored.position()),
                () -> assertEquals(sourceType, stored.sourceType()),
                () -> assertEquals(dataType, stored.dataType()),
                () -> assertEquals(source.nullable(), stored.nullable()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            jdbc:mysql://h/db                           | jdbc:mysql://h/db?permitMysqlScheme
            jdbc:mysql://h/db?useSSL=true               | jdbc:mysql://h/db?useSSL=true&permitMysqlScheme
            jdbc:mysql://h/db?permitMysqlScheme         | jdbc:mysql://h/db?permitMysqlScheme
            jdbc:mariadb://h/db                         | jdbc:mariadb://h/db
            """)
    void driverUrl(String url, String expected) {
        assertEquals(expected, MYSQL.driverUrl(url));
    }

    @Test
    void scriptSessionFollowsTheStringMode() {
        List<String> escaping = new MySqlDialect(false).scriptSession();
        List<String> noEscapes = new MySqlDialect(true).scriptSession();
        assertTrue(escaping.contains("SET time_zone = '+00:00'"), escaping.toString());
        assertTrue(escaping.contains("SET NAMES utf8mb4"), escaping.toString());
        assertTrue(escaping.stream().anyMatch(s -> s.startsWith("SET SESSION sql_mode = REPLACE(")), escaping.toString());
        assertTrue(noEscapes.stream().anyMatch(s -> s.startsWith("SET SESSION sql_mode = CONCAT(") && s.contains("NO_BACKSLASH_ESCAPES")), noEscapes.toString());
    }

    @Test
    void namesAndDriver() {
        assertEquals("mysql", new MySqlDialect(false).name());
        assertEquals("mariadb", new MariaDbDialect(false).name());
        assertEquals("org.mariadb.jdbc.Driver", new MariaDbDialect(false).driverClass());
        assertEquals("false", MYSQL.connectionProperties().get("tinyInt1isBit"));
        assertEquals("UTC", MYSQL.connectionProperties().get("connectionTimeZone"));
    }

    @Test
    void aConfiguredDatabaseNamesEveryTableAndIsUsed() {
        Dialect shop = new MariaDbDialect(true).withSchema("shop");
        assertEquals("`shop`.`order lines`", shop.qualifiedTable("order lines"));
        assertEquals("`order lines`", MYSQL.qualifiedTable("order lines"));
        assertEquals("USE `shop`", shop.scriptSession().get(shop.scriptSession().size() - 1));
        assertTrue(shop.scriptSession().get(2).contains("CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')"), "the copy keeps its escaping");
        assertEquals("mariadb", shop.name());
    }

    @Test
    void aCopyOfAKeylessRowIsDeletedWithLimitOneReadingItsTableThroughADerivedTable() {
        Table log = new Table("log", false, -1, List.of(), null, List.of(), List.of());
        assertEquals("DELETE FROM `log` WHERE `w` <=> 'x' AND (SELECT n FROM (SELECT COUNT(*) AS n FROM `log` WHERE `w` <=> 'x') AS rb_copies) >= 2 LIMIT 1",
                MYSQL.deleteCopy(log, "`w` <=> 'x'", 2));
        assertEquals("INSERT INTO `log` (`w`)\n  SELECT 'x' FROM DUAL WHERE (SELECT COUNT(*) FROM `log` WHERE `w` <=> 'x') < 2",
                MYSQL.insertCopy(log, List.of("w"), List.of("'x'"), "`w` <=> 'x'", 2));
    }
}

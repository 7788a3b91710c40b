package io.rowback.dialect;

import io.rowback.catalog.Column;
import io.rowback.catalog.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;

import static io.rowback.dialect.DialectTestSupport.column;
import static io.rowback.dialect.DialectTestSupport.sourceColumn;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostgresDialectTest {
    private static final PostgresDialect PG = new PostgresDialect();

    static Stream<Arguments> identifiers() {
        return Stream.of(
                Arguments.of("plain", "\"plain\""),
                Arguments.of("a`b", "\"a`b\""),
                Arguments.of("a\"b", "\"a\"\"b\""),
                Arguments.of("\"", "\"\"\"\""),
                Arguments.of("a b", "\"a b\""),
                Arguments.of("MixedCase", "\"MixedCase\""),
                Arguments.of("表", "\"表\""));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("identifiers")
    void quote(String identifier, String expected) {
        assertEquals(expected, PG.quote(identifier));
    }

    @Test
    void qualified() {
        assertEquals("\"public\".\"a\"\"b\"", PG.qualified("public", "a\"b"));
        assertEquals("\"t\"", PG.qualified(null, "t"));
    }

    /** Standard strings (standard_conforming_strings is on): only quotes doubled; E'' when control characters must show. */
    static Stream<Arguments> strings() {
        return Stream.of(
                Arguments.of("", "''"),
                Arguments.of("it's", "'it''s'"),
                Arguments.of("a\\b", "'a\\b'"),
                Arguments.of("a\u0000b", "E'a\\x00b'"),
                Arguments.of("a\nb", "E'a\\nb'"),
                Arguments.of("a\r\nb", "E'a\\r\\nb'"),
                Arguments.of("a\tb", "'a\tb'"),
                Arguments.of("a\tb\n", "E'a\\tb\\n'"),
                Arguments.of("a\u001Ab", "E'a\\x1Ab'"),
                Arguments.of("\u0001F", "E'\\x01F'"),
                Arguments.of("it's\\\n", "E'it''s\\\\\\n'"),
                Arguments.of("😀", "'😀'"),
                Arguments.of("a`b\"c", "'a`b\"c'"),
                Arguments.of("'; DROP TABLE x; --", "'''; DROP TABLE x; --'"),
                Arguments.of("\\'; DROP TABLE x; --", "'\\''; DROP TABLE x; --'"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("strings")
    void stringLiteral(String value, String expected) {
        assertEquals(expected, PG.literal(value, null));
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(null, "NULL"),
                Arguments.of(42, "42"),
                Arguments.of(-9_000_000_000L, "-9000000000"),
                Arguments.of(new BigDecimal("1E+3"), "1000"),
                Arguments.of(1.5d, "1.5"),
                Arguments.of(Double.NaN, "'NaN'::double precision"),
                Arguments.of(Double.POSITIVE_INFINITY, "'Infinity'::double precision"),
                Arguments.of(Double.NEGATIVE_INFINITY, "'-Infinity'::double precision"),
                Arguments.of(Float.NaN, "'NaN'::real"),
                Arguments.of(Float.POSITIVE_INFINITY, "'Infinity'::real"),
                Arguments.of(Float.NEGATIVE_INFINITY, "'-Infinity'::real"),
                Arguments.of(-0.0d, "'-0'::double precision"),
                Arguments.of(-0.0f, "'-0'::real"),
                Arguments.of(0.0d, "0.0"),
                Arguments.of(0.1f, "0.100000001490116119384765625"),
                Arguments.of(true, "TRUE"),
                Arguments.of(false, "FALSE"),
                Arguments.of(new byte[]{0x0A, (byte) 0xFF}, "'\\x0AFF'::bytea"),
                Arguments.of(new byte[0], "'\\x'::bytea"),
                Arguments.of(LocalDate.of(2015, 6, 5), "DATE '2015-06-05'"),
                Arguments.of(LocalDate.of(1, 1, 1), "DATE '0001-01-01'"),
                // there is no year 0 in PostgreSQL: ISO year 0 is 1 BC, year -1 is 2 BC
                Arguments.of(LocalDate.of(0, 1, 1), "DATE '0001-01-01 BC'"),
                Arguments.of(LocalDate.of(-1, 12, 31), "DATE '0002-12-31 BC'"),
                Arguments.of(LocalDateTime.of(2015, 6, 5, 10, 11, 12, 123_456_000), "TIMESTAMP '2015-06-05 10:11:12.123456'"),
                Arguments.of(LocalDateTime.of(2015, 6, 5, 10, 11, 12, 500_000_000), "TIMESTAMP '2015-06-05 10:11:12.5'"),
                Arguments.of(LocalDateTime.of(2015, 6, 5, 10, 11, 12), "TIMESTAMP '2015-06-05 10:11:12'"),
                Arguments.of(Instant.parse("2015-06-05T10:11:12.123456Z"), "TIMESTAMPTZ '2015-06-05 10:11:12.123456+00'"),
                Arguments.of(Instant.parse("2015-06-05T10:11:12Z"), "TIMESTAMPTZ '2015-06-05 10:11:12+00'"),
                Arguments.of(LocalDateTime.of(0, 1, 1, 0, 0), "TIMESTAMP '0001-01-01 00:00:00 BC'"),
                Arguments.of(LocalDateTime.of(-4712, 1, 1, 12, 0, 0, 250_000_000), "TIMESTAMP '4713-01-01 12:00:00.25 BC'"),
                Arguments.of(Instant.parse("0000-06-01T00:00:00Z"), "TIMESTAMPTZ '0001-06-01 00:00:00+00 BC'"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("values")
    void valueLiteral(Object value, String expected) {
        assertEquals(expected, PG.literal(value, null));
    }

    @Test
    void columnsStoredAsTextAreCastToTheirType() {
        Column interval = column("i", "interval", "interval", "STRING", true);
        Column uuid = column("u", "uuid", "uuid", "STRING", true);
        Column json = column("j", "jsonb", "jsonb", "STRING", true);
        Column numeric = column("n", "numeric", "numeric", "STRING", true);
        Column text = column("t", "text", "text", "STRING", false);
        assertAll(
                () -> assertEquals("'1 day'::interval", PG.literal("1 day", interval)),
                () -> assertEquals("'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid", PG.literal("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", uuid)),
                () -> assertEquals("E'{\"a\": \\n\"it''s\"}'::jsonb", PG.literal("{\"a\": \n\"it's\"}", json)),
                () -> assertEquals("'3.14159265358979323846264338327950288'::numeric", PG.literal("3.14159265358979323846264338327950288", numeric)),
                () -> assertEquals("NULL", PG.literal(null, interval)),
                () -> assertEquals("'1 day'", PG.literal("1 day", text)),
                () -> assertEquals("\"i\"::text", PG.readExpression(interval)),
                () -> assertEquals("\"t\"", PG.readExpression(text)));
    }

    @ParameterizedTest(name = "{1} -> {4} text={5}")
    @CsvSource(delimiter = '|', textBlock = """
            numeric                     | numeric                     | -1 | -1 | STRING        | true
            numeric                     | numeric(10,2)               | 10 |  2 | DECIMAL(10,2) | false
            numeric                     | numeric(50,2)               | 50 |  2 | STRING        | true
            smallint                    | smallint                    | -1 | -1 | SMALLINT      | false
            integer                     | integer                     | -1 | -1 | INT           | false
            bigint                      | bigint                      | -1 | -1 | BIGINT        | false
            real                        | real                        | -1 | -1 | FLOAT         | false
            double precision            | double precision            | -1 | -1 | DOUBLE        | false
            boolean                     | boolean                     | -1 | -1 | BOOLEAN       | false
            text                        | text                        | -1 | -1 | STRING        | false
            character varying           | character varying(100)      | -1 | -1 | STRING        | false
            bytea                       | bytea                       | -1 | -1 | BINARY        | false
            date                        | date                        | -1 | -1 | STRING        | true
            timestamp without time zone | timestamp without time zone | -1 | -1 | STRING        | true
            timestamp with time zone    | timestamp with time zone    | -1 | -1 | STRING        | true
            interval                    | interval                    | -1 | -1 | STRING        | true
            uuid                        | uuid                        | -1 | -1 | STRING        | true
            jsonb                       | jsonb                       | -1 | -1 | STRING        | true
            array                       | integer[]                   | -1 | -1 | STRING        | true
            time without time zone      | time without time zone      | -1 | -1 | STRING        | true
            USER-DEFINED                | mpaa_rating                 | -1 | -1 | STRING        | true
            """)
    void store(String dataType, String sourceType, int precision, int scale, String sparkType, boolean asText) {
        Column stored = PG.store(sourceColumn(dataType, sourceType, precision, scale, false));
        assertEquals(sparkType, stored.sparkType());
        assertEquals(asText, stored.storedAsText());
        assertEquals(sourceType, stored.sourceType());
    }

    @Test
    void readFromSkipsInheritanceChildrenButNotPartitions() {
        Table plain = new Table("t", false, -1, List.of(), null, List.of(), List.of());
        Table partitioned = new Table("p", true, -1, List.of(), null, List.of(), List.of());
        assertEquals("ONLY \"public\".\"t\"", PG.readFrom("public", plain));
        assertEquals("\"public\".\"p\"", PG.readFrom("public", partitioned));
    }

    @Test
    void scriptSessionMakesStandardStringsAndUtc() {
        List<String> session = PG.scriptSession();
        assertTrue(session.contains("SET standard_conforming_strings = on"), session.toString());
        assertTrue(session.contains("SET TIME ZONE 'UTC'"), session.toString());
    }

    @Test
    void aConfiguredSchemaNamesEveryTableAndSetsTheSearchPath() {
        Dialect app = PG.withSchema("app");
        assertEquals("\"app\".\"cust\"", app.qualifiedTable("cust"));
        assertEquals("\"my \"\"schema\"\"\".\"T\"", PG.withSchema("my \"schema\"").qualifiedTable("T"));
        assertEquals("\"cust\"", PG.qualifiedTable("cust"));
        assertEquals("app", app.schema());
        assertEquals(null, PG.schema());
        assertEquals("SET search_path TO \"app\", public", app.scriptSession().get(app.scriptSession().size() - 1));
        assertEquals("SET search_path TO \"public\"", PG.withSchema("public").scriptSession().get(3));
        assertTrue(PG.scriptSession().stream().noneMatch(s -> s.contains("search_path")));
        assertEquals("'-Infinity'::real", app.literal(Float.NEGATIVE_INFINITY, null), "the copy is the same dialect");
    }

    @Test
    void aCopyOfAKeylessRowIsDeletedOneAtATimeByItsCtid() {
        Table log = new Table("log", false, -1, List.of(), null, List.of(), List.of());
        assertEquals("DELETE FROM \"log\" WHERE ctid = (SELECT ctid FROM \"log\" WHERE \"w\" IS NULL"
                + " AND (SELECT COUNT(*) FROM \"log\" WHERE \"w\" IS NULL) >= 2 LIMIT 1)", PG.deleteCopy(log, "\"w\" IS NULL", 2));
        assertEquals("INSERT INTO \"log\" (\"w\")\n  SELECT NULL WHERE (SELECT COUNT(*) FROM \"log\" WHERE \"w\" IS NULL) < 3",
                PG.insertCopy(log, List.of("w"), List.of("NULL"), "\"w\" IS NULL", 3));
        assertEquals("SELECT CASE WHEN (SELECT COUNT(*) FROM \"log\" WHERE \"w\" IS NULL) >= 3 THEN 1 ELSE 0 END",
                PG.copiesProbe("log", "\"w\" IS NULL", 3));
    }
}

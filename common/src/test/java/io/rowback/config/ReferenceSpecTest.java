package io.rowback.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReferenceSpecTest {

    private static Map<String, String> ordered(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static Stream<Arguments> references() {
        return Stream.of(
                Arguments.of("a.b -> c.d", "a", List.of("b"), ordered(), "c", List.of("d")),
                Arguments.of("  a . b->c.d  ", "a", List.of("b"), ordered(), "c", List.of("d")),
                Arguments.of("a.(x, y) -> c.(p, q)", "a", List.of("x", "y"), ordered(), "c", List.of("p", "q")),
                Arguments.of("a.(x) -> c.p", "a", List.of("x"), ordered(), "c", List.of("p")),
                Arguments.of("aids_refundconfirmation.doctor_id -> contacts_person.partner_ptr_id",
                        "aids_refundconfirmation", List.of("doctor_id"), ordered(), "contacts_person", List.of("partner_ptr_id")),
                Arguments.of("notes_note.(owner_type_id = 42, owner_id) -> pcsw_client.person_ptr_id",
                        "notes_note", List.of("owner_id"), ordered("owner_type_id", "42"), "pcsw_client", List.of("person_ptr_id")),
                Arguments.of("t.(kind = 'it''s', id) -> u.id", "t", List.of("id"), ordered("kind", "it's"), "u", List.of("id")),
                Arguments.of("t.(kind = '', id) -> u.id", "t", List.of("id"), ordered("kind", ""), "u", List.of("id")),
                Arguments.of("t.(kind = 'a,b', id) -> u.id", "t", List.of("id"), ordered("kind", "a,b"), "u", List.of("id")),
                Arguments.of("t.(kind = 'a->b', id) -> u.id", "t", List.of("id"), ordered("kind", "a->b"), "u", List.of("id")),
                Arguments.of("t.(kind = 'a)', id) -> u.id", "t", List.of("id"), ordered("kind", "a)"), "u", List.of("id")),
                Arguments.of("t.(b = -3, a = 'x', id, n) -> u.(id, n)", "t", List.of("id", "n"), ordered("b", "-3", "a", "x"), "u", List.of("id", "n")),
                Arguments.of("$t.(_a$) -> U2.(B_3)", "$t", List.of("_a$"), ordered(), "U2", List.of("B_3")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("references")
    void parses(String text, String table, List<String> columns, Map<String, String> conditions, String refTable, List<String> refColumns) {
        ReferenceSpec r = ReferenceSpec.parse(text);
        assertAll(
                () -> assertEquals(text.strip(), r.text()),
                () -> assertEquals(table, r.table()),
                () -> assertEquals(columns, r.columns()),
                () -> assertEquals(conditions, r.conditions()),
                // conditions keep the order they are written in
                () -> assertEquals(List.copyOf(conditions.keySet()), List.copyOf(r.conditions().keySet())),
                () -> assertEquals(refTable, r.refTable()),
                () -> assertEquals(refColumns, r.refColumns()));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("a.b c.d", "expected 'table.column -> table.column'"),
                Arguments.of("a.b => c.d", "expected 'table.column -> table.column'"),
                Arguments.of("a.b -> c.d -> e.f", "expected 'table.column -> table.column'"),
                Arguments.of("a.b ->", "expected 'table.column -> table.column'"),
                Arguments.of("a -> c.d", "expected 'table.column -> table.column' or"),
                Arguments.of("a.b.c -> d.e", "expected 'table.column -> table.column' or"),
                Arguments.of("a.(x, y) -> c.d", "points 2 column(s) at 1"),
                Arguments.of("a.x -> c.(p, q)", "points 1 column(s) at 2"),
                Arguments.of("a.(k = 1) -> c.d", "points 0 column(s) at 1"),
                Arguments.of("a.(x, 1y) -> c.(p, q)", "'1y' in 'a.(x, 1y) -> c.(p, q)' is neither a column nor 'column = value'"),
                Arguments.of("a.(k = \"v\", x) -> c.p", "'k = \"v\"'"),
                Arguments.of("a.(k = 'unterminated, x) -> c.p", "expected 'table.column"),
                Arguments.of("t.(k = 1, k = 2, id) -> u.id", "sets a condition on k twice"),
                Arguments.of("a.(x, ) -> c.(p, q)", "'' in"),
                Arguments.of("a.x -> c.(p = 1)", "'p = 1' in 'a.x -> c.(p = 1)' is not a column name"),
                Arguments.of("a.x -> c.(p q)", "'p q'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void refuses(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReferenceSpec.parse(text));
        assertTrue(e.getMessage().contains(reason), () -> "'" + reason + "' not in: " + e.getMessage());
    }

    @Test
    void isImmutable() {
        ReferenceSpec r = ReferenceSpec.parse("t.(k = 1, a, b) -> u.(x, y)");
        assertThrows(UnsupportedOperationException.class, () -> r.columns().add("c"));
        assertThrows(UnsupportedOperationException.class, () -> r.refColumns().add("z"));
        assertThrows(UnsupportedOperationException.class, () -> r.conditions().put("k", "2"));
    }
}

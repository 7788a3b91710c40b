package io.rowback.jobs.history;

import io.rowback.errors.RowbackException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** trace --key: a value is taken whole, so a value with a comma can be given, for one column or several. */
class TraceKeyTest {
    static final List<String> ONE = List.of("id");
    static final List<String> TWO = List.of("code", "lang");

    static Map<String, String> parse(List<String> pk, String... args) {
        return TraceJob.parseKey(List.of(args), "t", pk);
    }

    static String refused(List<String> pk, String... args) {
        RowbackException e = assertThrows(RowbackException.class, () -> parse(pk, args));
        assertEquals(RowbackException.BAD_INPUT, e.exitStatus());
        return e.getMessage();
    }

    @Test
    void aSingleColumnKeyTakesTheValueWhole() {
        assertEquals(Map.of("id", "42"), parse(ONE, "42"));
        assertEquals(Map.of("id", "a,b"), parse(ONE, "a,b"));
        assertEquals(Map.of("id", "x=1"), parse(ONE, "x=1"), "not a key column: a value");
        assertEquals(Map.of("id", "42"), parse(ONE, "ID=42"));
        assertEquals(Map.of("id", "id=42"), parse(ONE, "id=id=42"), "the first = names the column, the rest is the value");
    }

    @Test
    void aCompositeKeyByNameAllowsCommasInKeyOrder() {
        Map<String, String> k = parse(TWO, "lang=en", "code=a,b");
        assertEquals(List.of("code", "lang"), List.copyOf(k.keySet()), "key order, whatever the order given");
        assertEquals(List.of("a,b", "en"), List.copyOf(k.values()));
        assertEquals(Map.of("code", "a,b", "lang", "en"), parse(TWO, "a,b", "en"), "one value per --key in key order");
        assertEquals(Map.of("code", "a", "lang", "en"), parse(TWO, "a,en"), "the shorthand when no value has a comma");
        assertEquals(Map.of("code", "a", "lang", "en"), parse(TWO, "lang=en,code=a"));
    }

    @Test
    void whatCannotBeAKeyIsRefusedWithTheWayToWriteIt() {
        String tooMany = refused(TWO, "a,b,en");
        assertTrue(tooMany.contains("has 2 column(s) [code, lang] and 3 value(s)") && tooMany.contains("--key code=VALUE --key lang=VALUE"), tooMany);
        assertTrue(refused(TWO, "code=a").contains("no value for lang"));
        assertTrue(refused(TWO, "code=a", "code=b").contains("column code is given twice"));
        assertTrue(refused(TWO, "code=a", "en").contains("some values are named and some not"));
        assertTrue(refused(ONE, "1", "2").contains("give its value: --key VALUE"));
    }
}

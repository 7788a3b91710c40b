package io.rowback.source;

import io.rowback.errors.RowbackException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScriptOriginTest {
    private static final ScriptOrigin APP = new ScriptOrigin("lino", "app", "lino_prod");

    private static String script(ScriptOrigin o) {
        return "-- rowback restore script\n" + o.headerLine() + "\n-- source 'lino'\n\nBEGIN;\nINSERT INTO x VALUES (1);\n-- rowback:source=evil\n";
    }

    @Test
    void headerLineReadsBack() {
        assertEquals("-- rowback:source=lino schema=app database=lino_prod", APP.headerLine());
        assertEquals(Optional.of(APP), ScriptOrigin.find(script(APP)));
        ScriptOrigin odd = new ScriptOrigin("my source", null, "a=b %c-");
        assertEquals("-- rowback:source=my%20source schema=- database=a%3Db%20%25c-", odd.headerLine());
        assertEquals(Optional.of(odd), ScriptOrigin.find(script(odd)));
        ScriptOrigin dash = new ScriptOrigin("-", "-", "");
        assertEquals(Optional.of(dash), ScriptOrigin.find(script(dash)));
    }

    @Test
    void onlyTheHeaderCounts() {
        assertEquals(Optional.empty(), ScriptOrigin.find("BEGIN;\n-- rowback:source=lino schema=app database=lino_prod\n"));
    }

    @Test
    void sameSourceRuns() {
        ScriptOrigin.check(script(APP), "out/restore.sql", new ScriptOrigin("lino", "app", "lino_prod"));
    }

    @Test
    void otherSchemaDatabaseOrSourceIsRefused() {
        for (ScriptOrigin other : new ScriptOrigin[]{new ScriptOrigin("lino", "public", "lino_prod"),
                new ScriptOrigin("lino", "app", "lino_test"), new ScriptOrigin("other", "app", "lino_prod")}) {
            RowbackException e = assertThrows(RowbackException.class, () -> ScriptOrigin.check(script(APP), "out/restore.sql", other));
            assertEquals(2, e.exitStatus());
            assertTrue(e.getMessage().contains("out/restore.sql was written for source 'lino', schema app, database lino_prod but the connection is to "
                    + other.describe()), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
    }

    @Test
    void aScriptWithoutHeaderIsRefused() {
        RowbackException e = assertThrows(RowbackException.class, () -> ScriptOrigin.check("BEGIN;\nCOMMIT;\n", "x.sql", APP));
        assertEquals(2, e.exitStatus());
        assertTrue(e.getMessage().contains("-- rowback:source=lino schema=app database=lino_prod"), e.getMessage());
    }
}

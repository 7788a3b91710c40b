package io.rowback.errors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            jdbc:postgresql://h/db?user=u&password=s3cret&ssl=true | jdbc:postgresql://h/db?user=u&password=***&ssl=true
            jdbc:postgresql://h/db?password=s3cret                 | jdbc:postgresql://h/db?password=***
            jdbc:postgresql://h/db?password=                       | jdbc:postgresql://h/db?password=***
            jdbc:mariadb://h/db?user=u&PASSWORD=s3cret             | jdbc:mariadb://h/db?user=u&PASSWORD=***
            jdbc:mysql://h/db?pwd=s3cret                           | jdbc:mysql://h/db?pwd=***
            jdbc:postgresql://h/db?sslpassword=s3cret&x=1          | jdbc:postgresql://h/db?sslpassword=***&x=1
            jdbc:mysql://h/db?trustStorePassword=s3cret&x=1        | jdbc:mysql://h/db?trustStorePassword=***&x=1
            jdbc:h2:mem:x;USER=sa;PASSWORD=s3cret                  | jdbc:h2:mem:x;USER=sa;PASSWORD=***
            jdbc:h2:mem:x;PASSWORD=s3cret;MODE=MySQL               | jdbc:h2:mem:x;PASSWORD=***;MODE=MySQL
            jdbc:mysql://lino:s3cret@127.0.0.1:3306/lino           | jdbc:mysql://lino:***@127.0.0.1:3306/lino
            jdbc:mysql://lino:@127.0.0.1/lino                      | jdbc:mysql://lino:***@127.0.0.1/lino
            jdbc:mysql://lino@127.0.0.1/lino                       | jdbc:mysql://lino@127.0.0.1/lino
            jdbc:mariadb://127.0.0.1:3306/lino                     | jdbc:mariadb://127.0.0.1:3306/lino
            jdbc:postgresql://[::1]:5432/lino?user=u               | jdbc:postgresql://[::1]:5432/lino?user=u
            jdbc:mariadb://u:p@ss@host/db                          | jdbc:mariadb://u:***@host/db
            jdbc:mariadb://u:pa/ss@host/db                         | jdbc:mariadb://u:***@host/db
            jdbc:mysql://u:p@h:3306,u2:q@h2/db                     | jdbc:mysql://u:***@h2/db
            jdbc:mysql://address=(host=h)(user=u)(password=pw)/db  | jdbc:mysql://address=(host=h)(user=u)(password=***)/db
            """)
    void redact(String url, String expected) {
        assertEquals(expected, Errors.redact(url));
    }

    @Test
    void redactLeavesNullAndRedactsUrlsInsideMessages() {
        assertNull(Errors.redact(null));
        assertEquals("", Errors.redactSecrets(null));
        String message = "Connection to jdbc:postgresql://h/db?password=s3cret refused; retried jdbc:mysql://u:s3cret@h/db";
        String redacted = Errors.redactSecrets(message);
        assertFalse(redacted.contains("s3cret"), redacted);
        assertTrue(redacted.startsWith("Connection to jdbc:postgresql://h/db?password=***"), redacted);
    }

    @Test
    void oneLine() {
        assertEquals("", Errors.oneLine(null));
        assertEquals("a b c", Errors.oneLine("  a\n  b\r\n\tc  \n"));
        assertEquals("a\tb", Errors.oneLine("a\tb"));
        String longText = "x".repeat(500);
        assertEquals("x".repeat(400) + "...", Errors.oneLine(longText));
        assertEquals("x".repeat(400), Errors.oneLine("x".repeat(400)));
    }

    @Test
    void preview() {
        assertEquals("a, b", Errors.preview(List.of("a", "b"), 2));
        assertEquals("a, b and 2 more", Errors.preview(List.of("a", "b", "c", "d"), 2));
    }

    @Test
    void exitStatusSaysWhetherInputWasBad() {
        assertEquals(2, Errors.invalid("x").exitStatus());
        assertEquals(2, Errors.configFileMissing(Path.of("x.yaml")).exitStatus());
        assertEquals(1, Errors.failed("x").exitStatus());
        assertEquals(1, Errors.wrap("reading", new RuntimeException("boom")).exitStatus());
    }

    @Test
    void connectionErrorsNeverCarryThePassword() {
        SQLException refused = new SQLException("Access denied for jdbc:mariadb://h/db?password=s3cret\nline two", "28000");
        RowbackException e = Errors.cannotConnect("lino", "jdbc:mariadb://h/db?password=s3cret", "lino", refused);
        assertEquals(2, e.exitStatus());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("refused user 'lino'"), e.getMessage());
    }
}

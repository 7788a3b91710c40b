package io.rowback.dialect;

import io.rowback.config.Secret;
import io.rowback.config.SourceConfig;
import io.rowback.config.TableFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DialectsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            jdbc:mariadb://127.0.0.1:3306/lino   | MariaDbDialect  | mariadb    | org.mariadb.jdbc.Driver | jdbc:mariadb://127.0.0.1:3306/lino
            jdbc:mysql://127.0.0.1:3306/lino     | MySqlDialect    | mysql      | org.mariadb.jdbc.Driver | jdbc:mysql://127.0.0.1:3306/lino?permitMysqlScheme
            jdbc:mysql://h/lino?useSSL=false     | MySqlDialect    | mysql      | org.mariadb.jdbc.Driver | jdbc:mysql://h/lino?useSSL=false&permitMysqlScheme
            jdbc:postgresql://127.0.0.1/lino     | PostgresDialect | postgresql | org.postgresql.Driver   | jdbc:postgresql://127.0.0.1/lino
            JDBC:PostgreSQL://h/lino             | PostgresDialect | postgresql | org.postgresql.Driver   | JDBC:PostgreSQL://h/lino
            jdbc:h2:mem:demo;DB_CLOSE_DELAY=-1   | H2Dialect       | h2         | org.h2.Driver           | jdbc:h2:mem:demo;DB_CLOSE_DELAY=-1
            """)
    void forUrl(String url, String dialectClass, String name, String driverClass, String driverUrl) {
        Dialect d = Dialects.forUrl(url, false);
        assertEquals(dialectClass, d.getClass().getSimpleName());
        assertEquals(name, d.name());
        assertEquals(driverClass, d.driverClass());
        assertEquals(driverUrl, d.driverUrl(url));
    }

    @Test
    void noBackslashEscapesReachesMySqlAndMariaDb() {
        assertTrue(((MySqlDialect) Dialects.forUrl("jdbc:mariadb://h/db", true)).noBackslashEscapes());
        assertTrue(((MySqlDialect) Dialects.forUrl("jdbc:mysql://h/db", true)).noBackslashEscapes());
        assertFalse(((MySqlDialect) Dialects.forUrl("jdbc:mysql://h/db", false)).noBackslashEscapes());
        assertEquals("'a\\b'", Dialects.forUrl("jdbc:mariadb://h/db", true).literal("a\\b", null));
        assertEquals("'a\\\\b'", Dialects.forUrl("jdbc:mariadb://h/db", false).literal("a\\b", null));
    }

    @Test
    void forSourceUsesUrlAndSetting() {
        SourceConfig source = new SourceConfig("lino", "jdbc:mariadb://h/lino", "u", new Secret("pw"), null, TableFilter.ALL,
                Map.of(), List.of(), 0.5, true);
        Dialect d = Dialects.forSource(source);
        assertSame(MariaDbDialect.class, d.getClass());
        assertTrue(((MySqlDialect) d).noBackslashEscapes());
    }

    @Test
    void unknownUrlIsRefusedWithoutItsPassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dialects.forUrl("jdbc:sqlserver://h;databaseName=x;password=s3cret", false));
        assertTrue(e.getMessage().contains("jdbc:sqlserver://h"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }
}

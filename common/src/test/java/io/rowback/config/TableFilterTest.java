package io.rowback.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableFilterTest {

    @ParameterizedTest(name = "''{0}'' matches ''{1}'': {2}")
    @CsvSource(delimiter = '|', textBlock = """
            *               | anything         | true
            *               | ''               | true
            pcsw_*          | pcsw_client      | true
            pcsw_*          | pcsw_            | true
            pcsw_*          | contacts_person  | false
            pcsw_*          | PCSW_CLIENT      | true
            PCSW_Client     | pcsw_client      | true
            ÄRGER           | ärger            | true
            *_log           | audit_log        | true
            *_log           | audit_log_old    | false
            pcsw_?lient     | pcsw_client      | true
            pcsw_?          | pcsw_ab          | false
            ??              | ab               | true
            ??              | abc              | false
            a.b             | a.b              | true
            a.b             | aXb              | false
            a$b             | a$b              | true
            django_session  | django_session_x | false
            django_session  | x_django_session | false
            *session*       | django_session_x | true
            """)
    void globMatchesWholeNameIgnoringCase(String pattern, String table, boolean expected) {
        assertEquals(expected, TableFilter.matches(pattern, table));
    }

    @Test
    void includeThenExclude() {
        TableFilter f = new TableFilter(List.of("pcsw_*", "contacts_person"), List.of("*_tmp", "pcsw_old"));
        assertTrue(f.selects("pcsw_client"));
        assertTrue(f.selects("Contacts_Person"));
        assertFalse(f.selects("pcsw_tmp"), "excluded by *_tmp");
        assertFalse(f.selects("PCSW_OLD"), "excluded case-insensitively");
        assertFalse(f.selects("contacts_company"), "not included");
    }

    @Test
    void allSelectsEverythingAndNoIncludeNothing() {
        assertTrue(TableFilter.ALL.selects("whatever"));
        assertFalse(new TableFilter(List.of(), List.of()).selects("whatever"));
        assertFalse(new TableFilter(List.of("*"), List.of("*")).selects("whatever"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "pcsw_?", "a.b", "a-b$", "notes_note", "表", "a b"})
    void usablePatterns(String pattern) {
        assertNull(TableFilter.problemWith(pattern));
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo[1]", "a{2}", "(a)", "a|b", "^a", "a+", "a\\b", "schema/table", "tab\tname", "new\nline"})
    void unusablePatternsSayWhy(String pattern) {
        String problem = TableFilter.problemWith(pattern);
        assertNotNull(problem);
        assertTrue(problem.contains("'" + pattern + "'") && problem.contains("* (any run of characters)"), problem);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t"})
    void emptyPatternsAreRefused(String pattern) {
        assertEquals("a pattern may not be empty", TableFilter.problemWith(pattern));
    }

    @Test
    void listsAreCopied() {
        java.util.ArrayList<String> include = new java.util.ArrayList<>(List.of("a"));
        TableFilter f = new TableFilter(include, List.of());
        include.add("b");
        assertFalse(f.selects("b"));
    }
}

package io.rowback.catalog;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Views are named in the catalog, apart from its tables. */
class CatalogTest {
    @Test
    void viewsAreNamedNotTables() {
        Catalog c = new Catalog(List.of(new Table("item", false, 1, List.of(), null, List.of(), List.of(), List.of())), List.of("v_b", "V_a"));
        assertEquals(List.of("item"), c.names());
        assertEquals(List.of("V_a", "v_b"), c.views());
        assertEquals(Optional.of("V_a"), c.view("v_a"), "any letter case, as the database spells it");
        assertTrue(c.table("v_b").isEmpty());
        assertTrue(c.view("item").isEmpty());
        assertTrue(new Catalog(List.of()).views().isEmpty(), "a catalog without views, as old ones are read");
    }
}

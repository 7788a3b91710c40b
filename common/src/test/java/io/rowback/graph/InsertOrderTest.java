package io.rowback.graph;

import io.rowback.catalog.ForeignKey;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Insert order: parents first; cycles broken on nullable references, or printed when they cannot be. */
class InsertOrderTest {
    static ForeignKey ref(String from, String to) {
        return new ForeignKey(from + "_" + to, from, List.of(to + "_id"), to, List.of("id"), Map.of(), true);
    }

    static InsertOrder order(List<String> tables, List<ForeignKey> refs, Set<ForeignKey> nullable) {
        return InsertOrder.of(tables, refs, nullable::contains);
    }

    @Test
    void chainGoesParentsFirst() {
        InsertOrder o = order(List.of("client", "partner", "person"), List.of(ref("person", "partner"), ref("client", "person")), Set.of());
        assertEquals(List.of("partner", "person", "client"), o.tables());
        assertTrue(o.deferred().isEmpty() && o.unbreakable().isEmpty());
    }

    @Test
    void diamondPutsTheSharedParentFirstAndTheChildLast() {
        List<ForeignKey> refs = List.of(ref("b", "a"), ref("c", "a"), ref("d", "b"), ref("d", "c"));
        assertEquals(List.of("a", "b", "c", "d"), order(List.of("d", "c", "b", "a"), refs, Set.of()).tables());
    }

    @Test
    void selfReferenceIsLeftToTheRowOrder() {
        ForeignKey parent = ref("place", "place");
        InsertOrder o = order(List.of("place", "partner"), List.of(parent, ref("partner", "place")), Set.of());
        assertEquals(List.of("place", "partner"), o.tables());
        assertEquals(List.of(parent), o.selfReferences());
        assertTrue(o.deferred().isEmpty());
    }

    @Test
    void twoCycleIsBrokenOnItsNullableReference() {
        ForeignKey storeManager = ref("store", "staff");
        ForeignKey staffStore = ref("staff", "store");
        InsertOrder o = order(List.of("staff", "store"), List.of(storeManager, staffStore), Set.of(storeManager));
        assertEquals(List.of(storeManager), o.deferred());
        assertEquals(List.of("store", "staff"), o.tables(), "store goes in with its manager left NULL");
        assertTrue(o.unbreakable().isEmpty());
    }

    @Test
    void cycleThroughNotNullReferencesIsReportedAsAPath() {
        InsertOrder o = order(List.of("staff", "store", "address"),
                List.of(ref("store", "staff"), ref("staff", "store"), ref("store", "address")), Set.of());
        assertEquals(1, o.unbreakable().size());
        assertEquals("[ staff -> store -> staff ]", InsertOrder.describe(o.unbreakable().get(0)));
        assertEquals("address", o.tables().get(0));
        assertEquals(Set.of("address", "staff", "store"), Set.copyOf(o.tables()), "every table still gets a place");
    }

    @Test
    void longerCycleIsBrokenOnceAndTheRestOrdered() {
        ForeignKey ab = ref("a", "b");
        ForeignKey bc = ref("b", "c");
        ForeignKey ca = ref("c", "a");
        InsertOrder o = order(List.of("a", "b", "c"), List.of(ab, bc, ca), Set.of(bc));
        assertEquals(List.of(bc), o.deferred());
        assertEquals(List.of("b", "a", "c"), o.tables(), "a needs b, c needs a; b needs c later");
    }

    @Test
    void referencesToTablesOutsideTheSetAreIgnored() {
        InsertOrder o = order(List.of("rental"), List.of(ref("rental", "inventory"), ref("rental", "customer")), Set.of());
        assertEquals(List.of("rental"), o.tables());
    }
}

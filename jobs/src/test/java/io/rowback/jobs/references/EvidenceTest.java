package io.rowback.jobs.references;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When containment on every date is a reference and when it is luck (issue 12: false paste-ready lines). */
class EvidenceTest {
    @Test
    void smallIntegersInsideADenseKeyAreLuck() {
        // partner.city_id = id % 500 + 1 inside a key holding every number of 1 .. 500
        assertEquals(0.0, ReferenceFinder.log10Chance(500, 500, 500));
        ReferenceFinder.Evidence e = ReferenceFinder.evidence(false, false, true, new Inclusion.Spread(500, 1.0, 500.0), 500, "person.partner_ptr_id");
        assertFalse(e.strong(), e.text());
        assertTrue(e.text().contains("500 distinct values in [1, 500], where person.partner_ptr_id holds 500 of the 500 numbers"), e.text());
        assertTrue(e.text().contains("may be luck"), e.text());
    }

    @Test
    void aConstantColumnIsLuckEvenWhenItsOneValueIsAKey() {
        ReferenceFinder.Evidence e = ReferenceFinder.evidence(false, false, true, new Inclusion.Spread(1, 3.0, 3.0), 1, "person.partner_ptr_id");
        assertFalse(e.strong(), e.text());
        assertTrue(e.text().contains("constant column"), e.text());
    }

    @Test
    void manyValuesInsideASparseKeyAreNotLuck() {
        // doctors: 200 ids of 1 .. 1991 where persons are 4 of every 5 partners
        double chance = ReferenceFinder.log10Chance(200, 1593, 1991);
        assertTrue(chance < -15 && chance > -25, "chance " + chance);
        assertTrue(ReferenceFinder.evidence(false, false, true, new Inclusion.Spread(200, 1.0, 1991.0), 1593, "contacts_person.partner_ptr_id").strong());
        // the exact chance of a small case: 3 inner values of 8 numbers between the ends, 4 of them key values: 4/8 * 3/7 * 2/6
        assertEquals(Math.log10(4.0 / 8 * 3 / 7 * 2 / 6), ReferenceFinder.log10Chance(5, 6, 10), 1e-12);
    }

    @Test
    void aSelfReferenceNeedsMoreThanANameAndMoreThanAnOrdinaryReference() {
        ReferenceFinder.Evidence named = ReferenceFinder.evidence(true, true, true, new Inclusion.Spread(7, 1.0, 7.0), 7, "partner.id");
        assertFalse(named.strong(), named.text());
        assertTrue(named.text().startsWith("a self-reference"), named.text());
        // chance about 1e-9: enough for a reference to another table, not for one to its own
        Inclusion.Spread spread = new Inclusion.Spread(32, 1.0, 2000.0);
        double chance = ReferenceFinder.log10Chance(32, 1000, 2000);
        assertTrue(chance < ReferenceFinder.CHANCE && chance > ReferenceFinder.SELF_CHANCE, "chance " + chance);
        assertTrue(ReferenceFinder.evidence(false, false, true, spread, 1000, "other.id").strong());
        assertFalse(ReferenceFinder.evidence(true, false, true, spread, 1000, "partner.id").strong());
    }

    @Test
    void aNameThatNamesTheTableIsEvidence() {
        ReferenceFinder.Evidence e = ReferenceFinder.evidence(false, true, true, new Inclusion.Spread(1, 3.0, 3.0), 1, "film.film_id");
        assertTrue(e.strong(), e.text());
        assertEquals("the column's name names film", e.text());
        assertTrue(ReferenceFinder.evidence(false, true, false, new Inclusion.Spread(2, 3.0, 40.0), 2, "posts.id").strong());
    }

    @Test
    void fewTextValuesAreLuckManyAreNot() {
        assertFalse(ReferenceFinder.evidence(false, false, true, new Inclusion.Spread(3, null, null), 3, "t.code").strong());
        assertTrue(ReferenceFinder.evidence(false, false, true, new Inclusion.Spread(50, null, null), 50, "t.code").strong());
    }
}

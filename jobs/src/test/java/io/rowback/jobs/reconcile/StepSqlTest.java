package io.rowback.jobs.reconcile;

import io.rowback.catalog.Column;
import io.rowback.catalog.Key;
import io.rowback.catalog.Table;
import io.rowback.dialect.MySqlDialect;
import io.rowback.dialect.PostgresDialect;
import io.rowback.jobs.script.Step;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The statements of the steps, without Spark or a database. */
class StepSqlTest {
    private static Column col(String name, String type, String spark, boolean nullable, boolean autoUpdated) {
        return new Column(name, 1, type, type, nullable, false, false, type.equals("varchar") ? 50 : -1, spark, false, null, true, autoUpdated);
    }

    private static final Table CUSTOMER = new Table("customer", false, -1, List.of(
            col("customer_id", "int", "INT", false, false), col("email", "varchar", "STRING", false, false),
            col("last_update", "timestamp", "TIMESTAMP", true, true)),
            new Key("PRIMARY", List.of("customer_id")), List.of(new Key("uq_email", List.of("email"))), List.of());

    private static Map<String, Object> row(Object id, Object email) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("customer_id", id);
        m.put("email", email);
        m.put("last_update", java.time.Instant.parse("2026-01-01T00:00:00Z"));
        return m;
    }

    @Test
    void columnsTheServerSetsAreNoGuardAndKeepTheirValue() {
        StepSql sql = new StepSql(new MySqlDialect(false));
        Step.Statement s = sql.update(CUSTOMER, row(11, "a@x"), Map.of("email", "a@x"), Map.of("email", "b@x"));
        assertEquals("UPDATE `customer` SET `email` = 'b@x', `last_update` = `last_update`"
                + " WHERE `customer_id` = 11 AND `email` <=> 'a@x'", s.sql());
        assertEquals(1, s.expect());
        String guard = sql.sameRow(CUSTOMER, row(11, "a@x"), Map.of(), Set.of());
        assertFalse(guard.contains("last_update"), guard);
    }

    @Test
    void anInsertIsDoneOnlyWhenTheRowIsThereAsItWritesIt() {
        StepSql sql = new StepSql(new PostgresDialect());
        Step.Statement s = sql.insert(CUSTOMER, row(11, "a@x"), Set.of(), true);
        assertTrue(s.sql().startsWith("INSERT INTO \"customer\""), s.sql());
        assertEquals(1, s.expect());
        assertTrue(s.done().contains("\"customer_id\" = 11") && s.done().contains("\"email\" IS NOT DISTINCT FROM 'a@x'"),
                "someone else's row under the same key is not 'done': " + s.done());
        Step.Statement undo = sql.deleteInserted(CUSTOMER, row(11, "a@x"), Set.of("email"));
        assertEquals("DELETE FROM \"customer\" WHERE \"customer_id\" = 11 AND \"customer_id\" IS NOT DISTINCT FROM 11 AND \"email\" IS NULL",
                undo.sql());
        assertEquals("SELECT 1 - (SELECT CASE WHEN EXISTS (SELECT 1 FROM \"customer\" WHERE \"customer_id\" = 11) THEN 1 ELSE 0 END)", undo.done());
    }

    @Test
    void keysCompareAlikeWhateverTheirJavaType() {
        assertEquals(StepSql.canonical("t", List.of(11)), StepSql.canonical("t", List.of(11L)));
        assertEquals(StepSql.canonical("t", List.of(11)), StepSql.canonical("t", List.of(new java.math.BigDecimal("11.0"))));
        assertFalse(StepSql.canonical("t", List.of(11)).equals(StepSql.canonical("u", List.of(11))));
    }

    @Test
    void onlyAKeyTheDatabaseEnforcesIsFreedAndANotNullTextOneWithAPlaceholder() {
        Remapper.Remap r = new Remapper.Remap("customer", "{\"k0\":600}", "{\"k0\":11}",
                List.of(new Remapper.KeyValue("uq_email", List.of("email"), List.of("a@x"))), row(11, "a@x"), row(600, "a@x"));
        Remapper.Freeing f = Remapper.freeing(CUSTOMER, r);
        assertEquals(null, f.refusal());
        assertTrue(f.values().get("email").toString().startsWith("~rowback-freed-"), f.toString());
        Table unenforced = CUSTOMER.withUniqueKeys(List.of());
        assertEquals(Map.of(), Remapper.freeing(unenforced, r).values(), "a natural key nothing enforces needs no freeing");
        Table intKey = new Table("customer", false, -1, List.of(col("customer_id", "int", "INT", false, false), col("email", "int", "INT", false, false)),
                new Key("PRIMARY", List.of("customer_id")), List.of(new Key("uq_email", List.of("email"))), List.of());
        assertTrue(Remapper.freeing(intKey, r).refusal().contains("no placeholder"), "a NOT NULL number has no placeholder");
    }
}

package io.rowback.jobs.reconcile;

import io.rowback.jobs.testing.Cli;
import io.rowback.jobs.testing.Configs;
import io.rowback.jobs.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A restore you can trust, on Sakila, whose customer rows change by themselves when updated (MariaDB:
 * last_update ON UPDATE CURRENT_TIMESTAMP; PostgreSQL: a BEFORE UPDATE trigger). Between two snapshots
 * customers 11 and 33 vanish and are re-created as 600 and 601 with the same email (600 rents a film);
 * customer 22 vanishes with its rentals. After the second snapshot a person edits 601 and inserts a
 * different customer under id 22. The restore must remap 600 to 11 completely, leave 601 and 33 alone
 * (a remap is whole or nothing), hold back 22's rentals, say all of it, and undo exactly.
 *
 * <p>Run with email a key the database enforces (a unique index on a NOT NULL column: freed with a
 * placeholder) and with email a natural key that only the application enforces (nothing to free).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RemapTrustIT {
    static final LocalDate D1 = LocalDate.of(2026, 4, 1);
    static final LocalDate D2 = LocalDate.of(2026, 4, 2);

    TestDatabase db;
    Path dir;
    Path config;
    Path out;
    String email11;
    int rentals11;
    List<String> customersBefore;
    List<String> rentalsBefore;
    List<String> paymentsBefore;

    abstract TestDatabase database();

    /** Makes email NOT NULL, and unique where {@link #enforced()}. */
    abstract String[] prepare();

    /** Inserts a customer (id, email, first name) of store 1 at address 5. */
    abstract String insertCustomer(int id, String email, String firstName);

    /** Inserts a rental by the customer (inventory 10, staff 1). */
    abstract String insertRental(int id, int customer);

    abstract boolean enforced();

    /** The re-created row's email as the person typed it again (another letter case where the collation ignores it). */
    String retyped(String email) {
        return email;
    }

    /** Columns the server sets on every update that undo cannot give back (PostgreSQL's trigger), left out of comparisons. */
    Set<String> serverColumns() {
        return Set.of();
    }

    @BeforeAll
    void story() throws Exception {
        db = database();
        db.loadSakila();
        db.execute(prepare());
        dir = Files.createTempDirectory("remap-trust");
        config = Configs.write(dir, db, "    naturalKeys:\n      customer: [email]\n");
        assertEquals(0, Cli.run("snapshot", "--config", config.toString(), "--date", D1.toString()).exit());
        email11 = db.single("SELECT email FROM customer WHERE customer_id = 11");
        rentals11 = Integer.parseInt(db.single("SELECT COUNT(*) FROM rental WHERE customer_id = 11"));
        String email33 = db.single("SELECT email FROM customer WHERE customer_id = 33");
        for (int id : List.of(11, 22, 33)) {
            db.execute("DELETE FROM payment WHERE customer_id = " + id, "DELETE FROM rental WHERE customer_id = " + id,
                    "DELETE FROM customer WHERE customer_id = " + id);
        }
        db.execute(insertCustomer(600, retyped(email11), "LISA"), insertCustomer(601, email33, "ANNA"), insertRental(90001, 600));
        assertEquals(0, Cli.run("snapshot", "--config", config.toString(), "--date", D2.toString()).exit());
        // after D2: a person edits the re-created 601, and another customer takes the vanished id 22
        db.execute("UPDATE customer SET first_name = 'EDITED' WHERE customer_id = 601",
                insertCustomer(22, "someone.else@example.org", "OTHER"));
        out = dir.resolve("out");
        Cli.Result r = Cli.run("reconcile", "--config", config.toString(), "--from", D1.toString(), "--to", D2.toString(),
                "--root", "customer", "--out", out.toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("2 remapped, 0 conflicts"), r::toString);
        customersBefore = dump("customer");
        rentalsBefore = dump("rental");
        paymentsBefore = dump("payment");
    }

    @AfterAll
    void drop() throws Exception {
        db.close();
    }

    Cli.Result apply(String script, String... more) {
        List<String> args = new ArrayList<>(List.of("apply", "--config", config.toString(), "--script", out.resolve(script).toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(new String[0]));
    }

    @Test
    void theRestoreIsWholeOrSaysWhyNot() throws Exception {
        String script = Files.readString(out.resolve("restore.sql"));
        assertEquals(enforced(), script.contains("-- 1. Free") && script.contains("~rowback-freed-"),
                "a placeholder frees the key only where a unique index enforces it:\n" + script.substring(0, Math.min(4000, script.length())));

        Cli.Result dry = apply("restore.sql");
        assertEquals(1, dry.exit(), dry::toString);
        assertTrue(dry.out().contains("would skip") && dry.out().contains("customer customer_id = 601"), "the edited re-creation: " + dry);
        assertTrue(dry.out().contains("customer customer_id = 22"), "the id another customer took: " + dry);
        assertTrue(dry.out().contains("held back: it needs step"), "the rentals of 22 wait for it: " + dry);

        Cli.Result refused = apply("restore.sql", "--commit");
        assertEquals(1, refused.exit(), refused::toString);
        assertTrue(refused.out().contains("rolled back:") && refused.out().contains("--allow-skipped"), refused::toString);
        assertEquals(customersBefore, dump("customer"), "nothing changed");
        assertEquals(rentalsBefore, dump("rental"), "nothing changed");

        Cli.Result applied = apply("restore.sql", "--commit", "--allow-skipped");
        assertEquals(0, applied.exit(), applied::toString);
        assertTrue(applied.out().contains("committed:"), applied::toString);

        // 600 was the re-creation of 11: gone, its rental now 11's, 11 back as it was
        assertEquals("0", db.single("SELECT COUNT(*) FROM customer WHERE customer_id = 600"));
        assertEquals("11", db.single("SELECT customer_id FROM rental WHERE rental_id = 90001"));
        assertEquals(email11, db.single("SELECT email FROM customer WHERE customer_id = 11"));
        assertEquals(String.valueOf(rentals11 + 1), db.single("SELECT COUNT(*) FROM rental WHERE customer_id = 11"),
                "11's own rentals are back, and the one 600 made");
        // 601 was edited by a person after D2: its remap happens not at all
        assertEquals("EDITED", db.single("SELECT first_name FROM customer WHERE customer_id = 601"));
        assertEquals("0", db.single("SELECT COUNT(*) FROM customer WHERE customer_id = 33"));
        assertEquals("0", db.single("SELECT COUNT(*) FROM rental WHERE customer_id = 33"));
        // 22 belongs to someone else now: left alone, and the vanished 22's rentals and payments held back
        assertEquals("someone.else@example.org", db.single("SELECT email FROM customer WHERE customer_id = 22"));
        assertEquals("0", db.single("SELECT COUNT(*) FROM rental WHERE customer_id = 22"));
        assertEquals("0", db.single("SELECT COUNT(*) FROM payment WHERE customer_id = 22"));

        Cli.Result again = apply("restore.sql", "--commit", "--allow-skipped");
        assertEquals(0, again.exit(), again::toString);
        assertTrue(again.out().contains(", 0 rows changed,"), "a second run changes nothing: " + again);

        // after the restore a person changes one restored payment of 11: undo must not take it away, nor 11 whom it needs
        String payment = db.single("SELECT MIN(payment_id) FROM payment WHERE customer_id = 11");
        String amount = db.single("SELECT amount FROM payment WHERE payment_id = " + payment);
        db.execute("UPDATE payment SET amount = amount + 1 WHERE payment_id = " + payment);
        List<String> customersRestored = dump("customer");
        List<String> paymentsRestored = dump("payment");
        Cli.Result undoRefused = apply("undo.sql", "--commit");
        assertEquals(1, undoRefused.exit(), undoRefused::toString);
        assertTrue(undoRefused.out().lines().anyMatch(l -> l.startsWith("skipped:") && l.contains("(payment ") && l.contains("payment_id = " + payment)
                        && l.contains("matched no row: the row is not as restore.sql left it")),
                "the payment changed since the restore is named: " + undoRefused);
        assertTrue(undoRefused.out().contains("statements not undone: restore never carried their steps out"),
                "the steps restore skipped (601's remap, 22) are not undone, and not taken for edits: " + undoRefused);
        assertTrue(undoRefused.out().lines().noneMatch(l -> l.startsWith("skipped:") && (l.contains("customer_id = 601") || l.contains("customer_id = 22"))),
                "what restore never did is no skip of undo: " + undoRefused);
        assertEquals(customersRestored, dump("customer"), "a refused undo changes nothing");
        assertEquals(paymentsRestored, dump("payment"), "a refused undo changes nothing");

        Cli.Result undoRest = apply("undo.sql", "--commit", "--allow-skipped");
        assertEquals(0, undoRest.exit(), undoRest::toString);
        assertEquals("1", db.single("SELECT COUNT(*) FROM payment WHERE payment_id = " + payment), "the changed payment stays: " + undoRest);
        assertEquals("1", db.single("SELECT COUNT(*) FROM customer WHERE customer_id = 11"), "and 11, whom it needs: " + undoRest);
        assertEquals("0", db.single("SELECT COUNT(*) FROM customer WHERE customer_id = 600") , "11's remap is left whole: " + undoRest);

        // the person's change taken back: undo now reverts the rest, and nothing else
        db.execute("UPDATE payment SET amount = " + amount + " WHERE payment_id = " + payment);
        Cli.Result undo = apply("undo.sql", "--commit");
        assertEquals(0, undo.exit(), undo::toString);
        assertSameRows("undo gives back the customers as they were before the restore", customersBefore, dump("customer"));
        assertSameRows("and the rentals", rentalsBefore, dump("rental"));
        assertSameRows("and the payments", paymentsBefore, dump("payment"));
    }

    static void assertSameRows(String what, List<String> expected, List<String> actual) {
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(actual);
        List<String> extra = new ArrayList<>(actual);
        extra.removeAll(expected);
        assertTrue(missing.isEmpty() && extra.isEmpty() && expected.size() == actual.size(),
                what + ": missing " + missing + "; unexpected " + extra);
    }

    /** Every row of a table as text, in key order, without the columns the server sets by itself. */
    List<String> dump(String table) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    if (!serverColumns().contains(md.getColumnName(i))) {
                        b.append(md.getColumnName(i)).append('=').append(rs.getString(i)).append(' ');
                    }
                }
                rows.add(b.toString());
            }
        }
        return rows;
    }
}

package io.rowback.jobs.demo;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A database shaped like the incident's Lino application, on H2, MariaDB or PostgreSQL, with
 * deterministic data: partner ids 1..N; every id not divisible by 5 is a person, every even person
 * a client, every person with id % 10 == 1 a doctor. Each client has notes (generic owner), a
 * coaching, a client contact (its company is a partner divisible by 5), two words, a granting with
 * an income confirmation, a calendar event with two guests; every third client a refund confirmation
 * naming a doctor (no declared foreign key). Texts carry quotes, backslashes, accents and emoji.
 * The demo and the reconcile tests both break it the way the incident did.
 */
public final class IncidentDatabase {
    public static final int CLIENT_TYPE = 42;
    public static final int PARTNER_TYPE = 7;
    /** The references the database does not declare, as the configuration writes them. */
    public static final List<String> REFERENCES = List.of(
            "notes_note.(owner_type_id = 42, owner_id) -> pcsw_client.person_ptr_id",
            "notes_note.(owner_type_id = 7, owner_id) -> contacts_partner.id",
            "aids_refundconfirmation.doctor_id -> contacts_person.partner_ptr_id");
    public static final List<String> TABLES = List.of("countries_place", "django_content_type", "users_user", "contacts_partner",
            "contacts_person", "pcsw_client", "pcsw_coaching", "pcsw_clientcontact", "dupable_clients_word", "notes_note",
            "cal_event", "cal_guest", "aids_granting", "aids_incomeconfirmation", "aids_refundconfirmation");

    private static final String[] FIRST = {"Anna", "Bernard", "Chloé", "Dries", "Émile", "Fatima", "Günther", "Hélène", "Ivo", "Jan",
            "Karin", "Łukasz", "Marie", "Noël", "Olivier", "Petra", "Quentin", "Renée", "Søren", "Tom"};
    private static final String[] LAST = {"Peeters", "Janssens", "O'Neil", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
            "Wouters", "De Smet", "Dubois", "Lambert", "Müller", "Martin", "Van Damme", "D'Hondt", "Nguyễn", "Öztürk", "Leroy"};
    private static final int PLACES = 30;

    private final Connection connection;
    private final String kind;

    /** @param kind h2, mariadb or postgresql: the DDL to use */
    public IncidentDatabase(Connection connection, String kind) {
        this.connection = connection;
        this.kind = kind;
    }

    public static boolean isPerson(int id) {
        return id % 5 != 0;
    }

    public static boolean isClient(int id) {
        return isPerson(id) && id % 2 == 0;
    }

    public static boolean isDoctor(int id) {
        return isPerson(id) && id % 10 == 1;
    }

    public static String nationalId(int id) {
        return String.format("%06d %03d-%02d", 100000 + id, id % 1000, id % 97);
    }

    public void create() throws SQLException {
        String ddl;
        try (InputStream in = IncidentDatabase.class.getResourceAsStream(kind + ".sql")) {
            if (in == null) {
                throw new IllegalArgumentException("no incident schema for " + kind);
            }
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (Statement s = connection.createStatement()) {
            for (String stmt : ddl.split(";\\s*\\n")) {
                String sql = stmt.lines().filter(l -> !l.startsWith("--")).collect(Collectors.joining("\n")).strip();
                if (!sql.isEmpty()) {
                    s.execute(sql);
                }
            }
        }
    }

    /** Fills the tables for partners 1..partners, in one transaction. */
    public void populate(int partners) throws SQLException {
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Batch b = new Batch("INSERT INTO countries_place (id, name, parent_id) VALUES (?, ?, ?)")) {
                for (int i = 1; i <= PLACES; i++) {
                    b.add(i, i <= 3 ? new String[]{"Belgique", "Deutschland", "Nederland"}[i - 1] : "Place " + i, i <= 3 ? null : 1 + i % 3);
                }
            }
            try (Batch b = new Batch("INSERT INTO django_content_type (id, app_label, model) VALUES (?, ?, ?)")) {
                b.add(PARTNER_TYPE, "contacts", "partner");
                b.add(8, "contacts", "person");
                b.add(CLIENT_TYPE, "pcsw", "client");
            }
            try (Batch b = new Batch("INSERT INTO users_user (id, username) VALUES (?, ?)")) {
                for (int i = 1; i <= 5; i++) {
                    b.add(i, "user" + i);
                }
            }
            // try-with-resources closes in reverse order, so each table gets a block of its own (parents first)
            try (Batch partner = new Batch("INSERT INTO contacts_partner (id, name, email, city_id, created) VALUES (?, ?, ?, ?, ?)")) {
                for (int id = 1; id <= partners; id++) {
                    partner.add(id, partnerName(id), isPerson(id) ? first(id).toLowerCase() + "." + id + "@example.be" : null,
                            4 + id % (PLACES - 3), Timestamp.valueOf(created(id)));
                }
            }
            try (Batch person = new Batch("INSERT INTO contacts_person (partner_ptr_id, first_name, last_name, birth_date) VALUES (?, ?, ?, ?)")) {
                for (int id = 1; id <= partners; id++) {
                    if (isPerson(id)) {
                        person.add(id, first(id), last(id), Date.valueOf(LocalDate.of(1940 + id % 60, 1 + id % 12, 1 + id % 28)));
                    }
                }
            }
            try (Batch client = new Batch("INSERT INTO pcsw_client (person_ptr_id, national_id, client_state) VALUES (?, ?, ?)")) {
                for (int id = 1; id <= partners; id++) {
                    if (isClient(id)) {
                        client.add(id, nationalId(id), id % 3 == 0 ? "former" : "coached");
                    }
                }
            }
            // closed in reverse order of opening: dependent tables are opened first, so flushed last
            try (Batch refund = new Batch("INSERT INTO aids_refundconfirmation (id, granting_id, client_id, doctor_id, start_date) VALUES (?, ?, ?, ?, ?)");
                 Batch income = new Batch("INSERT INTO aids_incomeconfirmation (id, granting_id, client_id, start_date, end_date, amount) VALUES (?, ?, ?, ?, ?, ?)");
                 Batch guest = new Batch("INSERT INTO cal_guest (id, event_id, partner_id, state) VALUES (?, ?, ?, ?)");
                 Batch granting = new Batch("INSERT INTO aids_granting (id, client_id, start_date, end_date, aid_type) VALUES (?, ?, ?, ?, ?)");
                 Batch event = new Batch("INSERT INTO cal_event (id, project_id, user_id, start_date, summary) VALUES (?, ?, ?, ?, ?)");
                 Batch coaching = new Batch("INSERT INTO pcsw_coaching (id, client_id, user_id, start_date, end_date) VALUES (?, ?, ?, ?, ?)");
                 Batch contact = new Batch("INSERT INTO pcsw_clientcontact (id, client_id, company_id, remark) VALUES (?, ?, ?, ?)");
                 Batch word = new Batch("INSERT INTO dupable_clients_word (id, owner_id, word) VALUES (?, ?, ?)");
                 Batch note = new Batch("INSERT INTO notes_note (id, owner_type_id, owner_id, user_id, date, subject, body) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (int id = 1; id <= partners; id++) {
                    if (id % 7 == 0) {
                        note.add(id * 10 + 5, PARTNER_TYPE, id, 1 + id % 5, Date.valueOf(day(id)), "Partner note", "Contact by phone \\ mail");
                    }
                    if (!isClient(id)) {
                        continue;
                    }
                    int company = companyOf(id, partners);
                    coaching.add(id, id, 1 + id % 5, Date.valueOf(day(id)), id % 4 == 0 ? Date.valueOf(day(id).plusYears(1)) : null);
                    contact.add(id, id, company, "Employer of " + last(id));
                    word.add(id * 2, id, first(id).toLowerCase());
                    word.add(id * 2 + 1, id, last(id).toLowerCase());
                    note.add(id * 10, CLIENT_TYPE, id, 1 + id % 5, Date.valueOf(day(id)), "First interview",
                            "Client says: \"it's fine\" 👍\nNext step: documents C:\\scan\\" + id);
                    note.add(id * 10 + 1, CLIENT_TYPE, id, 1 + id % 5, Date.valueOf(day(id).plusDays(14)), "Follow-up", null);
                    event.add(id, id, 1 + id % 5, Date.valueOf(day(id).plusDays(7)), "Meeting with " + partnerName(id));
                    guest.add(id * 2, id, id, "invited");
                    guest.add(id * 2 + 1, id, company, "present");
                    granting.add(id, id, Date.valueOf(day(id)), id % 3 == 0 ? Date.valueOf(LocalDate.of(2015, 5, 31)) : null, "Revenu d'intégration");
                    income.add(id, id, id, Date.valueOf(day(id)), null, new BigDecimal(String.format("%d.%02d", 500 + id % 900, id % 100)));
                    if (id % 3 == 0) {
                        refund.add(id, id, id, doctorOf(id, partners), Date.valueOf(day(id).plusMonths(1)));
                    }
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(auto);
        }
    }

    static int companyOf(int client, int partners) {
        int c = (client / 5) * 5 + 5;
        return c <= partners ? c : 5;
    }

    static int doctorOf(int client, int partners) {
        int d = (client % 97) * 10 + 1;
        return d <= partners ? d : 1;
    }

    static String first(int id) {
        return FIRST[id % FIRST.length];
    }

    static String last(int id) {
        return LAST[(id / FIRST.length) % LAST.length];
    }

    static String partnerName(int id) {
        return isPerson(id) ? last(id) + " " + first(id) : "Company \\ " + id + " S.A.";
    }

    static LocalDateTime created(int id) {
        return LocalDateTime.of(2010, 1, 1, 8, 0).plusMinutes(id * 7L).plusNanos((id % 997) * 1000L);
    }

    static LocalDate day(int id) {
        return LocalDate.of(2012, 1, 1).plusDays(id % 1000);
    }

    /**
     * Deletes partners and everything that depends on them, the way Django's cascade does; refund
     * confirmations naming a deleted doctor stay behind (that reference is not declared).
     *
     * @return rows deleted per table
     */
    public Map<String, Integer> deletePartners(Collection<Integer> ids) throws SQLException {
        List<Integer> all = new ArrayList<>(new TreeSet<>(ids));
        String s = in(all);
        String c = in(all.stream().filter(IncidentDatabase::isClient).toList());
        Map<String, Integer> deleted = new LinkedHashMap<>();
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            deleted.put("dupable_clients_word", st.executeUpdate("DELETE FROM dupable_clients_word WHERE owner_id IN " + c));
            deleted.put("pcsw_coaching", st.executeUpdate("DELETE FROM pcsw_coaching WHERE client_id IN " + c));
            deleted.put("pcsw_clientcontact", st.executeUpdate("DELETE FROM pcsw_clientcontact WHERE client_id IN " + c + " OR company_id IN " + s));
            deleted.put("aids_incomeconfirmation", st.executeUpdate("DELETE FROM aids_incomeconfirmation WHERE client_id IN " + c));
            deleted.put("aids_refundconfirmation", st.executeUpdate("DELETE FROM aids_refundconfirmation WHERE client_id IN " + c));
            deleted.put("aids_granting", st.executeUpdate("DELETE FROM aids_granting WHERE client_id IN " + c));
            deleted.put("cal_guest", st.executeUpdate("DELETE FROM cal_guest WHERE partner_id IN " + s
                    + " OR event_id IN (SELECT id FROM cal_event WHERE project_id IN " + c + ")"));
            deleted.put("cal_event", st.executeUpdate("DELETE FROM cal_event WHERE project_id IN " + c));
            deleted.put("notes_note", st.executeUpdate("DELETE FROM notes_note WHERE (owner_type_id = " + CLIENT_TYPE + " AND owner_id IN " + c
                    + ") OR (owner_type_id = " + PARTNER_TYPE + " AND owner_id IN " + s + ")"));
            deleted.put("pcsw_client", st.executeUpdate("DELETE FROM pcsw_client WHERE person_ptr_id IN " + c));
            deleted.put("contacts_person", st.executeUpdate("DELETE FROM contacts_person WHERE partner_ptr_id IN " + s));
            deleted.put("contacts_partner", st.executeUpdate("DELETE FROM contacts_partner WHERE id IN " + s));
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(auto);
        }
        return deleted;
    }

    /**
     * Creates a client again under a new id, as reading its ID card again did: same name and national
     * id, and new rows that point at the new id (a note, an event with its guest, a word).
     */
    public void recreateClient(int original, int newId, int newRowsBase) throws SQLException {
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Batch b = new Batch("INSERT INTO contacts_partner (id, name, email, city_id, created) VALUES (?, ?, ?, ?, ?)")) {
                b.add(newId, partnerName(original), null, 4, Timestamp.valueOf(LocalDateTime.of(2015, 6, 15, 9, 30)));
            }
            try (Batch b = new Batch("INSERT INTO contacts_person (partner_ptr_id, first_name, last_name, birth_date) VALUES (?, ?, ?, ?)")) {
                b.add(newId, first(original), last(original), Date.valueOf(LocalDate.of(1940 + original % 60, 1 + original % 12, 1 + original % 28)));
            }
            try (Batch b = new Batch("INSERT INTO pcsw_client (person_ptr_id, national_id, client_state) VALUES (?, ?, ?)")) {
                b.add(newId, nationalId(original), "newcomer");
            }
            try (Batch b = new Batch("INSERT INTO notes_note (id, owner_type_id, owner_id, user_id, date, subject, body) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                b.add(newRowsBase, CLIENT_TYPE, newId, 2, Date.valueOf(LocalDate.of(2015, 6, 15)), "eID card read again", "Client came back");
            }
            try (Batch b = new Batch("INSERT INTO cal_event (id, project_id, user_id, start_date, summary) VALUES (?, ?, ?, ?, ?)")) {
                b.add(newRowsBase, newId, 2, Date.valueOf(LocalDate.of(2015, 6, 16)), "Appointment");
            }
            try (Batch b = new Batch("INSERT INTO cal_guest (id, event_id, partner_id, state) VALUES (?, ?, ?, ?)")) {
                b.add(newRowsBase, newRowsBase, newId, "invited");
            }
            try (Batch b = new Batch("INSERT INTO dupable_clients_word (id, owner_id, word) VALUES (?, ?, ?)")) {
                b.add(newRowsBase, newId, last(original).toLowerCase());
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(auto);
        }
    }

    /** A surviving client takes the national id a deleted one had (the incident's 21148 and 6655). */
    public void takeNationalId(int client, String nationalId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE pcsw_client SET national_id = ? WHERE person_ptr_id = ?")) {
            ps.setString(1, nationalId);
            ps.setInt(2, client);
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("client " + client + " does not exist");
            }
        }
    }

    /** Rows per table now. */
    public Map<String, Long> counts() throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Statement s = connection.createStatement()) {
            for (String t : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + t)) {
                    rs.next();
                    out.put(t, rs.getLong(1));
                }
            }
        }
        return out;
    }

    private static String in(List<Integer> ids) {
        return ids.isEmpty() ? "(NULL)" : ids.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }

    /** A batched prepared insert, sent on close (so that parents are sent before their children). */
    private final class Batch implements AutoCloseable {
        private final PreparedStatement ps;
        private int pending;

        Batch(String sql) throws SQLException {
            ps = connection.prepareStatement(sql);
        }

        void add(Object... values) throws SQLException {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            ps.addBatch();
            pending++;
        }

        @Override
        public void close() throws SQLException {
            try {
                if (pending > 0) {
                    ps.executeBatch();
                }
            } finally {
                ps.close();
            }
        }
    }
}

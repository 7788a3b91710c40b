package io.rowback.graph;

import io.rowback.catalog.Catalog;
import io.rowback.catalog.Column;
import io.rowback.catalog.ForeignKey;
import io.rowback.catalog.Key;
import io.rowback.catalog.Table;
import io.rowback.config.ReferenceSpec;
import io.rowback.config.SourceConfig;
import io.rowback.errors.Errors;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tables of one date and every reference between them: the foreign keys the database declares
 * and the ones the configuration adds (generic references included). Also the keys that identify a
 * row: unique keys and configured natural keys. An <em>inheritance</em> reference is one whose
 * columns are the table's whole primary key and point at the parent's primary key (Django's
 * multi-table inheritance: a client is a person is a partner, with one id).
 */
public final class ReferenceGraph {
    private final Catalog catalog;
    private final List<ForeignKey> references;
    private final Map<String, List<Key>> naturalKeys;

    private ReferenceGraph(Catalog catalog, List<ForeignKey> references, Map<String, List<Key>> naturalKeys) {
        this.catalog = catalog;
        this.references = List.copyOf(references);
        this.naturalKeys = naturalKeys;
    }

    /** The declared references of the catalog plus the configured ones, each checked against the catalog. */
    public static ReferenceGraph of(Catalog catalog, SourceConfig config) {
        List<ForeignKey> refs = new ArrayList<>();
        for (Table t : catalog.tables()) {
            refs.addAll(t.foreignKeys());
        }
        int i = 0;
        for (ReferenceSpec spec : config.references()) {
            String at = "sources." + config.name() + ".references[" + i++ + "] (" + spec.text() + ")";
            Table from = table(catalog, spec.table(), at);
            Table to = table(catalog, spec.refTable(), at);
            List<String> cols = columns(from, spec.columns(), at);
            List<String> refCols = columns(to, spec.refColumns(), at);
            Map<String, String> conditions = new LinkedHashMap<>();
            spec.conditions().forEach((c, v) -> conditions.put(columns(from, List.of(c), at).get(0), v));
            refs.add(new ForeignKey("configured: " + spec.text(), from.name(), cols, to.name(), refCols, conditions, false));
        }
        Map<String, List<Key>> natural = new LinkedHashMap<>();
        config.naturalKeys().forEach((table, cols) -> {
            String at = "sources." + config.name() + ".naturalKeys." + table;
            Table t = table(catalog, table, at);
            natural.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(new Key("natural key " + cols, columns(t, cols, at)));
        });
        return new ReferenceGraph(catalog, refs, natural);
    }

    /** Only the declared references (for tests and catalogs without configuration). */
    public static ReferenceGraph declared(Catalog catalog) {
        List<ForeignKey> refs = new ArrayList<>();
        catalog.tables().forEach(t -> refs.addAll(t.foreignKeys()));
        return new ReferenceGraph(catalog, refs, Map.of());
    }

    private static Table table(Catalog catalog, String name, String at) {
        return catalog.table(name).orElseThrow(() -> Errors.invalid(at + ": there is no table '" + name + "' in the snapshot; "
                + "check the name (tables: " + Errors.preview(catalog.names(), 10) + ")"));
    }

    private static List<String> columns(Table t, List<String> names, String at) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            out.add(t.column(n).map(Column::name).orElseThrow(() -> Errors.invalid(at + ": table '" + t.name()
                    + "' has no column '" + n + "'; its columns are " + Errors.preview(t.columnNames(), 12))));
        }
        return out;
    }

    public Catalog catalog() {
        return catalog;
    }

    public Table table(String name) {
        return catalog.table(name).orElseThrow(() -> new IllegalArgumentException("no table " + name));
    }

    public List<ForeignKey> references() {
        return references;
    }

    /** References whose both ends are among the tables. */
    public List<ForeignKey> referencesAmong(Collection<String> tables) {
        Set<String> set = new HashSet<>(tables);
        return references.stream().filter(f -> set.contains(f.table()) && set.contains(f.refTable())).toList();
    }

    /** Unique keys the database declares, then the configured natural keys. */
    public List<Key> identifyingKeys(String table) {
        List<Key> keys = new ArrayList<>(table(table).uniqueKeys());
        for (Key k : naturalKeys.getOrDefault(table, List.of())) {
            if (keys.stream().noneMatch(u -> u.columns().equals(k.columns()))) {
                keys.add(k);
            }
        }
        return keys;
    }

    public boolean isInheritance(ForeignKey f) {
        if (!f.conditions().isEmpty() || f.isSelfReference()) {
            return false;
        }
        Table child = table(f.table());
        Table parent = table(f.refTable());
        return child.hasPrimaryKey() && parent.hasPrimaryKey()
                && new TreeSet<>(f.columns()).equals(new TreeSet<>(child.primaryKey().columns()))
                && new TreeSet<>(f.refColumns()).equals(new TreeSet<>(parent.primaryKey().columns()));
    }

    /** The table and every table joined to it by inheritance, in either direction. */
    public Set<String> family(String table) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(table));
        while (!todo.isEmpty()) {
            String t = todo.pop();
            if (seen.add(t)) {
                for (ForeignKey f : references) {
                    if (isInheritance(f)) {
                        if (f.table().equals(t)) {
                            todo.push(f.refTable());
                        } else if (f.refTable().equals(t)) {
                            todo.push(f.table());
                        }
                    }
                }
            }
        }
        return seen;
    }

    /** Tables linked to the given ones by references, in either direction: all that a closure can reach. */
    public Set<String> connected(Collection<String> start) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(start);
        while (!todo.isEmpty()) {
            String t = todo.pop();
            if (seen.add(t)) {
                for (ForeignKey f : references) {
                    if (f.table().equals(t)) {
                        todo.push(f.refTable());
                    } else if (f.refTable().equals(t)) {
                        todo.push(f.table());
                    }
                }
            }
        }
        return seen;
    }

    /** True when every column of the reference may be NULL, so that an insert can leave it empty for a while. */
    public boolean isNullable(ForeignKey f) {
        Table child = table(f.table());
        return f.columns().stream().allMatch(c -> child.column(c).map(Column::nullable).orElse(false));
    }
}

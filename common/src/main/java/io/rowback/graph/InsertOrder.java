package io.rowback.graph;

import io.rowback.catalog.ForeignKey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The order in which to insert rows of several tables so that every reference points at a row that
 * is already there: parents first. A cycle between tables is broken by inserting one of its nullable
 * references as NULL and setting it after all inserts; a reference of a table to itself is left to
 * the order of rows within the table. A cycle through NOT NULL references only cannot be ordered.
 *
 * @param tables      parents before children
 * @param deferred    references inserted as NULL and set afterwards
 * @param selfReferences references of a table to itself: its rows go parents first
 * @param unbreakable cycles through NOT NULL references only, each as a path {@code [a, b, a]}
 */
public record InsertOrder(List<String> tables, List<ForeignKey> deferred, List<ForeignKey> selfReferences,
                          List<List<String>> unbreakable) {

    public static InsertOrder of(Collection<String> tables, Collection<ForeignKey> references, Predicate<ForeignKey> nullable) {
        Set<String> nodes = new TreeSet<>(tables);
        List<ForeignKey> self = new ArrayList<>();
        List<ForeignKey> edges = new ArrayList<>();
        for (ForeignKey f : references) {
            if (!nodes.contains(f.table()) || !nodes.contains(f.refTable())) {
                continue;
            }
            (f.isSelfReference() ? self : edges).add(f);
        }
        List<ForeignKey> deferred = new ArrayList<>();
        List<List<String>> unbreakable = new ArrayList<>();
        // break cycles: while a strongly connected group of tables remains, defer one nullable reference in it
        while (true) {
            List<Set<String>> groups = cycles(nodes, edges);
            if (groups.isEmpty()) {
                break;
            }
            boolean broke = false;
            for (Set<String> group : groups) {
                ForeignKey candidate = edges.stream()
                        .filter(f -> group.contains(f.table()) && group.contains(f.refTable()) && nullable.test(f))
                        .min(java.util.Comparator.comparing(ForeignKey::table).thenComparing(ForeignKey::refTable)
                                .thenComparing(f -> String.join(",", f.columns())))
                        .orElse(null);
                if (candidate != null) {
                    edges.remove(candidate);
                    deferred.add(candidate);
                    broke = true;
                } else {
                    unbreakable.add(path(group, edges));
                    edges.removeIf(f -> group.contains(f.table()) && group.contains(f.refTable()));
                    broke = true;
                }
            }
            if (!broke) {
                break;
            }
        }
        return new InsertOrder(topological(nodes, edges), List.copyOf(deferred), List.copyOf(self), List.copyOf(unbreakable));
    }

    /** Kahn's algorithm, parents first, ties by name. */
    private static List<String> topological(Set<String> nodes, List<ForeignKey> edges) {
        Map<String, Set<String>> parents = new TreeMap<>();
        Map<String, Set<String>> children = new HashMap<>();
        nodes.forEach(n -> parents.put(n, new TreeSet<>()));
        for (ForeignKey f : edges) {
            parents.get(f.table()).add(f.refTable());
            children.computeIfAbsent(f.refTable(), k -> new TreeSet<>()).add(f.table());
        }
        TreeSet<String> ready = new TreeSet<>();
        parents.forEach((n, p) -> {
            if (p.isEmpty()) {
                ready.add(n);
            }
        });
        List<String> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            String n = ready.pollFirst();
            out.add(n);
            for (String c : children.getOrDefault(n, Set.of())) {
                Set<String> p = parents.get(c);
                p.remove(n);
                if (p.isEmpty()) {
                    ready.add(c);
                }
            }
        }
        return out;
    }

    /** Strongly connected groups of more than one table (Tarjan). */
    static List<Set<String>> cycles(Set<String> nodes, List<ForeignKey> edges) {
        Map<String, List<String>> next = new TreeMap<>();
        for (ForeignKey f : edges) {
            next.computeIfAbsent(f.table(), k -> new ArrayList<>()).add(f.refTable());
        }
        Tarjan t = new Tarjan(next);
        for (String n : nodes) {
            if (!t.index.containsKey(n)) {
                t.visit(n);
            }
        }
        return t.groups;
    }

    private static final class Tarjan {
        final Map<String, List<String>> next;
        final Map<String, Integer> index = new HashMap<>();
        final Map<String, Integer> low = new HashMap<>();
        final java.util.Deque<String> stack = new java.util.ArrayDeque<>();
        final Set<String> onStack = new java.util.HashSet<>();
        final List<Set<String>> groups = new ArrayList<>();
        int counter;

        Tarjan(Map<String, List<String>> next) {
            this.next = next;
        }

        void visit(String v) {
            index.put(v, counter);
            low.put(v, counter++);
            stack.push(v);
            onStack.add(v);
            for (String w : next.getOrDefault(v, List.of())) {
                if (!index.containsKey(w)) {
                    visit(w);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                Set<String> group = new TreeSet<>();
                String w;
                do {
                    w = stack.pop();
                    onStack.remove(w);
                    group.add(w);
                } while (!w.equals(v));
                if (group.size() > 1) {
                    groups.add(group);
                }
            }
        }
    }

    /** A shortest cycle through the group's first table, as a path that returns to it: [store, staff, store]. */
    private static List<String> path(Set<String> group, List<ForeignKey> edges) {
        String start = group.iterator().next();
        Map<String, String> previous = new HashMap<>();
        java.util.Deque<String> queue = new java.util.ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String at = queue.poll();
            for (String to : edges.stream().filter(f -> f.table().equals(at) && group.contains(f.refTable()))
                    .map(ForeignKey::refTable).sorted().toList()) {
                if (to.equals(start)) {
                    List<String> path = new ArrayList<>(List.of(start));
                    for (String n = at; !n.equals(start); n = previous.get(n)) {
                        path.add(1, n);
                    }
                    path.add(start);
                    return path;
                }
                if (!previous.containsKey(to)) {
                    previous.put(to, at);
                    queue.add(to);
                }
            }
        }
        return new ArrayList<>(group);
    }

    /** [ store -> staff -> store ] */
    public static String describe(List<String> cycle) {
        return "[ " + String.join(" -> ", cycle) + " ]";
    }
}

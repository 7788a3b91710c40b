package io.rowback.jobs.reconcile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The walks of {@link Closure} on the driver, for an incident whose vanished rows hold few references
 * between them: the same nodes and groups as the walks in Spark, where each step of a walk costs
 * several Spark jobs. Only used below a bound on the references, so what is held here stays small.
 */
final class DriverClosure {
    /** A node of the closure: (rb_table, rb_key, rb_group). */
    record Node(String table, String key, String group) {
        Id id() {
            return new Id(table, key);
        }
    }

    /** A row to restore with the roots it is reached from (rb_table, rb_key, rb_roots). */
    record Shared(String table, String key, List<String> roots) {
    }

    record Id(String table, String key) {
    }

    /** Spark orders strings by their UTF-8 bytes, which is the order of their code points (not of Java's UTF-16 units). */
    static final Comparator<String> SPARK_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    };

    private final Map<Id, List<Id>> parents = new HashMap<>();
    private final Map<Id, List<Id>> children = new HashMap<>();
    private final Map<String, List<String>> family;

    /**
     * @param edges  distinct references between vanished rows, each {c_table, c_key, p_table, p_key}
     * @param family the other tables of each table's inheritance family, among the tables reconciled
     */
    DriverClosure(List<String[]> edges, Map<String, List<String>> family) {
        for (String[] e : edges) {
            Id child = new Id(e[0], e[1]);
            Id parent = new Id(e[2], e[3]);
            parents.computeIfAbsent(child, k -> new ArrayList<>()).add(parent);
            children.computeIfAbsent(parent, k -> new ArrayList<>()).add(child);
        }
        this.family = family;
    }

    private List<Id> neighbours(Id id, boolean down) {
        return (down ? children : parents).getOrDefault(id, List.of());
    }

    /** As {@link Closure#reach}: breadth first; a node first reached at a step takes the least group of the nodes it is reached from at that step. */
    List<Node> reach(List<Node> start, boolean up, boolean down) {
        List<Node> visited = new ArrayList<>(start);
        Set<Id> seen = new HashSet<>();
        start.forEach(n -> seen.add(n.id()));
        List<Node> frontier = start;
        while (true) {
            Map<Id, String> next = new LinkedHashMap<>();
            for (Node f : frontier) {
                Id id = f.id();
                if (down) {
                    neighbours(id, true).forEach(n -> offer(next, n, f.group()));
                }
                if (up) {
                    neighbours(id, false).forEach(n -> offer(next, n, f.group()));
                }
            }
            next.keySet().removeAll(seen);
            if (next.isEmpty()) {
                return visited;
            }
            frontier = new ArrayList<>();
            for (Map.Entry<Id, String> e : next.entrySet()) {
                frontier.add(new Node(e.getKey().table(), e.getKey().key(), e.getValue()));
            }
            visited.addAll(frontier);
            seen.addAll(next.keySet());
        }
    }

    private static void offer(Map<Id, String> next, Id id, String group) {
        next.merge(id, group, (a, b) -> SPARK_ORDER.compare(a, b) <= 0 ? a : b);
    }

    /** As {@link Closure#sharing}. */
    List<Shared> sharing(List<Node> restore, List<Node> rootNodes) {
        Set<Id> rootKeys = new HashSet<>();
        rootNodes.forEach(n -> rootKeys.add(n.id()));
        Set<Id> restored = new HashSet<>();
        restore.forEach(n -> restored.add(n.id()));
        Set<Node> start = new LinkedHashSet<>();
        for (Node n : rootNodes) {
            if (restored.contains(n.id())) {
                start.add(n);
            }
        }
        Set<Node> both = walk(walk(start, true, rootKeys), false, rootKeys);
        Map<Id, TreeSet<String>> reached = new LinkedHashMap<>();
        for (Node n : both) {
            if (restored.contains(n.id())) {
                reached.computeIfAbsent(n.id(), k -> new TreeSet<>(SPARK_ORDER)).add(n.group());
            }
        }
        Set<String> restoredGroups = new HashSet<>();
        start.forEach(n -> restoredGroups.add(n.group()));
        List<Shared> out = new ArrayList<>();
        reached.forEach((id, groups) -> out.add(new Shared(id.table(), id.key(), List.copyOf(groups))));
        for (Node n : restore) {
            if (!reached.containsKey(n.id())) {
                out.add(new Shared(n.table(), n.key(), restoredGroups.contains(n.group()) ? List.of(n.group()) : List.of()));
            }
        }
        return out;
    }

    /** As Closure's walk: (node, group) pairs along the references in one direction, never entering a root. */
    private Set<Node> walk(Collection<Node> start, boolean down, Set<Id> rootKeys) {
        Set<Node> visited = new LinkedHashSet<>(start);
        Collection<Node> frontier = start;
        while (true) {
            Set<Node> next = new LinkedHashSet<>();
            for (Node f : frontier) {
                for (Id n : neighbours(f.id(), down)) {
                    Node node = new Node(n.table(), n.key(), f.group());
                    if (!rootKeys.contains(n) && !visited.contains(node)) {
                        next.add(node);
                    }
                }
            }
            if (next.isEmpty()) {
                return visited;
            }
            visited.addAll(next);
            frontier = next;
        }
    }

    /** As {@link Closure#withFamily}. */
    List<Node> withFamily(List<Node> nodes, Set<Id> candidates) {
        if (family.isEmpty()) {
            return nodes;
        }
        Map<Id, String> all = new LinkedHashMap<>();
        for (Node n : nodes) {
            offer(all, n.id(), n.group());
            for (String member : family.getOrDefault(n.table(), List.of())) {
                Id m = new Id(member, n.key());
                if (candidates.contains(m)) {
                    offer(all, m, n.group());
                }
            }
        }
        List<Node> out = new ArrayList<>();
        all.forEach((id, g) -> out.add(new Node(id.table(), id.key(), g)));
        return out;
    }

    /** As {@link Closure#heldBack}. */
    List<Node> heldBack(List<Node> conflicts, List<Node> restore) {
        Set<Id> candidates = new HashSet<>();
        restore.forEach(n -> candidates.add(n.id()));
        List<Node> held = withFamily(conflicts, candidates);
        while (true) {
            List<Node> more = new ArrayList<>();
            for (Node n : withFamily(reach(held, false, true), candidates)) {
                if (candidates.contains(n.id())) {
                    more.add(n);
                }
            }
            if (more.size() == held.size()) {
                return more;
            }
            held = more;
        }
    }
}

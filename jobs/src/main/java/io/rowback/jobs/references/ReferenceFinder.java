package io.rowback.jobs.references;

import io.rowback.catalog.Catalog;
import io.rowback.catalog.Column;
import io.rowback.catalog.ForeignKey;
import io.rowback.catalog.Key;
import io.rowback.catalog.Table;
import io.rowback.config.ReferenceSpec;
import io.rowback.graph.ReferenceGraph;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

/**
 * Finds the references a database does not declare: Django's generic relations (through
 * django_content_type), Rails' and Laravel's polymorphic associations (a class name in X_type), and
 * plain *_id columns whose values are, on every date, contained in a single-column key of the same
 * type. Everything is decided on values: a name only proposes what to test.
 */
public final class ReferenceFinder {
    static final String CONTENT_TYPES = "django_content_type";
    /** Pairs whose type column holds more distinct values are not a polymorphic association. */
    static final int MAX_TYPES = 500;
    static final double POSSIBLE_FLOOR = 0.5;

    /** What was found: paste-ready and possible suggestions, and notes for a person. */
    public record Found(List<Suggestion> suggestions, List<String> notes) {
        public List<Suggestion> pasteReady() {
            return suggestions.stream().filter(Suggestion::pasteReady).toList();
        }

        public List<Suggestion> possible() {
            return suggestions.stream().filter(s -> !s.pasteReady()).toList();
        }
    }

    private final SparkSession spark;
    private final ColumnValues values;
    private final double minCoverage;
    private final Predicate<String> targetTables;

    /** @param targetTables which tables may be pointed at (all, or the family of reconcile's roots) */
    public ReferenceFinder(SparkSession spark, ColumnValues values, double minCoverage, Predicate<String> targetTables) {
        this.spark = spark;
        this.values = values;
        this.minCoverage = minCoverage;
        this.targetTables = targetTables;
    }

    private record Pair(int id, Table table, String typeColumn, String idColumn, boolean django) {
    }

    private record Resolved(Table table, String column, String mapping) {
    }

    /** A probe and how its suggestion is to be written. */
    private record Plan(Inclusion.Probe probe, Suggestion.Kind kind, Set<Integer> targets, String mapping, Resolved byName) {
    }

    public Found find(ReferenceGraph graph) {
        Catalog catalog = graph.catalog();
        List<String> notes = new ArrayList<>();
        Set<String> covered = new HashSet<>();
        Set<String> configuredGeneric = new HashSet<>();
        for (ForeignKey f : graph.references()) {
            if (f.conditions().isEmpty()) {
                f.columns().forEach(c -> covered.add(f.table() + "." + c.toLowerCase(Locale.ROOT)));
            } else {
                f.conditions().forEach((c, v) -> configuredGeneric.add(f.table() + "." + c.toLowerCase(Locale.ROOT) + "=" + v + "." + f.columns()));
            }
        }

        List<Inclusion.Target> targets = new ArrayList<>();
        Map<String, Integer> targetIds = new HashMap<>();
        for (Table t : catalog.tables()) {
            if (!targetTables.test(t.name())) {
                continue;
            }
            Set<String> seen = new TreeSet<>();
            List<Key> keys = new ArrayList<>();
            if (t.hasPrimaryKey()) {
                keys.add(t.primaryKey());
            }
            keys.addAll(graph.identifyingKeys(t.name()));
            for (Key k : keys) {
                if (k.columns().size() == 1 && seen.add(k.columns().get(0))) {
                    Column c = t.column(k.columns().get(0)).orElseThrow();
                    if (typeKey(c) != null) {
                        int id = targets.size();
                        targets.add(new Inclusion.Target(id, t, c.name()));
                        targetIds.put(t.name() + "." + c.name(), id);
                    }
                }
            }
        }

        List<Pair> pairs = pairs(catalog, graph);
        Set<String> inPairs = new HashSet<>();
        pairs.forEach(p -> {
            if (!p.django()) {
                inPairs.add(p.table().name() + "." + p.typeColumn());
            }
            inPairs.add(p.table().name() + "." + p.idColumn());
        });

        List<Plan> plans = new ArrayList<>();
        plans.addAll(typedPlans(catalog, pairs, targets, targetIds, configuredGeneric, notes));
        for (Table t : catalog.tables()) {
            for (Column c : t.columns()) {
                String name = c.name().toLowerCase(Locale.ROOT);
                if (!name.endsWith("_id") || name.equals("_id") || covered.contains(t.name() + "." + name)
                        || inPairs.contains(t.name() + "." + c.name()) || typeKey(c) == null) {
                    continue;
                }
                boolean ownKey = t.hasPrimaryKey() && t.primaryKey().columns().size() == 1
                        && t.primaryKey().columns().get(0).equalsIgnoreCase(c.name());
                Set<Integer> allowed = new TreeSet<>();
                Set<String> named = ownKey ? namedTables(catalog, stem(name), t.name()) : null;
                for (Inclusion.Target k : targets) {
                    boolean same = k.table().name().equals(t.name()) && k.column().equalsIgnoreCase(c.name());
                    if (!same && typeKey(c).equals(typeKey(k.table().column(k.column()).orElseThrow()))
                            && (named == null || named.contains(k.table().name()))) {
                        allowed.add(k.id());
                    }
                }
                if (!allowed.isEmpty()) {
                    plans.add(new Plan(new Inclusion.Probe(plans.size(), t, c.name(), null, null), Suggestion.Kind.PLAIN, allowed, null, null));
                }
            }
        }
        // probe ids are positions in plans
        List<Plan> numbered = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            Plan p = plans.get(i);
            numbered.add(new Plan(new Inclusion.Probe(i, p.probe().table(), p.probe().column(), p.probe().whereColumn(), p.probe().whereValue()),
                    p.kind(), p.targets(), p.mapping(), p.byName()));
        }
        plans = numbered;
        List<Inclusion.Probe> probes = plans.stream().map(Plan::probe).toList();
        Map<Integer, Set<Integer>> allowed = new LinkedHashMap<>();
        plans.forEach(p -> allowed.put(p.probe().id(), p.targets()));
        Inclusion inclusion = new Inclusion(spark, values);
        Inclusion.Result result = inclusion.run(probes, targets, allowed, minCoverage, POSSIBLE_FLOOR);

        Map<Integer, List<Inclusion.Match>> byProbe = new HashMap<>();
        result.matches().forEach(m -> byProbe.computeIfAbsent(m.probe(), x -> new ArrayList<>()).add(m));
        List<Suggestion> out = new ArrayList<>();
        for (Plan plan : plans) {
            Inclusion.Probe probe = plan.probe();
            Inclusion.ProbeStats stats = result.probes().get(probe.id());
            if (stats == null) {
                continue;   // no values on any date: nothing to go by
            }
            List<Inclusion.Match> ms = byProbe.getOrDefault(probe.id(), List.of());
            List<Inclusion.Match> full = ms.stream().filter(m -> m.datesFull() == stats.dates() && m.coverage() >= minCoverage).toList();
            Inclusion.Match chosen;
            List<Inclusion.Match> others;
            Comparator<Inclusion.Match> specific = Comparator.<Inclusion.Match>comparingLong(m -> result.inRange().getOrDefault(List.of(m.probe(), m.target()),
                            result.targetRows().getOrDefault(m.target(), Long.MAX_VALUE)))
                    .thenComparingLong(m -> result.targetRows().getOrDefault(m.target(), Long.MAX_VALUE))
                    .thenComparing(m -> !nameSuggests(probe.column(), targets.get(m.target()).table().name()))
                    .thenComparing(m -> targets.get(m.target()).table().name());
            if (!full.isEmpty()) {
                List<Inclusion.Match> sorted = full.stream().sorted(specific).toList();
                chosen = sorted.get(0);
                others = sorted.subList(1, sorted.size());
            } else if (!ms.isEmpty()) {
                chosen = ms.stream().sorted(Comparator.comparingDouble(Inclusion.Match::coverage).reversed().thenComparing(specific)).findFirst().orElseThrow();
                others = List.of();
            } else {
                if (plan.byName() != null) {
                    notes.add(probe.table().name() + "." + probe.column() + " where " + probe.whereColumn() + " = " + probe.whereValue()
                            + ": " + plan.mapping() + ", but fewer than half of its " + stats.values() + " values are in "
                            + plan.byName().table().name() + "." + plan.byName().column() + "; check the mapping");
                }
                continue;
            }
            Inclusion.Target target = targets.get(chosen.target());
            String mapping = plan.mapping();
            if (plan.kind() == Suggestion.Kind.DJANGO_GENERIC && plan.byName() == null) {
                mapping = mapping + " -> no table by Django's naming; " + target.table().name() + " holds the ids (check it)";
            }
            List<String> otherText = others.stream().map(m -> targets.get(m.target()).table().name() + "." + targets.get(m.target()).column()
                    + " (" + result.targetRows().getOrDefault(m.target(), 0L) + " rows, "
                    + result.inRange().getOrDefault(List.of(m.probe(), m.target()), 0L) + " in the range of the values)").toList();
            String text = referenceText(probe, target);
            ReferenceSpec.parse(text);
            Evidence evidence = null;
            if (!full.isEmpty()) {
                boolean self = target.table().name().equals(probe.table().name());
                boolean named = plan.kind() == Suggestion.Kind.PLAIN
                        ? full.stream().anyMatch(m -> nameSuggests(probe.column(), targets.get(m.target()).table().name()))
                        : plan.byName() != null && plan.byName().table().name().equals(target.table().name());
                evidence = evidence(self, named, plan.kind() == Suggestion.Kind.PLAIN, result.spreads().get(probe.id()),
                        result.inRange().getOrDefault(List.of(probe.id(), chosen.target()), 0L), target.table().name() + "." + target.column());
            }
            out.add(new Suggestion(plan.kind(), text, probe.table().name(), probe.column(), probe.whereColumn(), probe.whereValue(),
                    target.table().name(), target.column(), mapping, evidence != null && evidence.strong(), chosen.matched(), chosen.total(),
                    chosen.worstCoverage(), chosen.worstDate(), stats.dates(), stats.first(), stats.last(),
                    result.targetRows().getOrDefault(chosen.target(), 0L), otherText, List.of(), evidence == null ? null : evidence.text()));
        }
        Map<Integer, Integer> incomplete = new LinkedHashMap<>();
        Map<String, Integer> probeOf = new HashMap<>();
        for (int i = 0; i < out.size(); i++) {
            Suggestion s = out.get(i);
            if (s.coverage() < 1.0 || s.worstCoverage() < 1.0) {
                int probe = probeIndex(plans, s);
                incomplete.put(probe, targetIds.get(s.refTable() + "." + s.refColumn()));
                probeOf.put(s.reference(), probe);
            }
        }
        Map<Integer, List<String>> samples = inclusion.unmatched(probes, targets, incomplete, 5);
        List<Suggestion> withSamples = new ArrayList<>();
        for (Suggestion s : out) {
            Integer probe = probeOf.get(s.reference());
            withSamples.add(probe == null ? s : s.withUnmatched(samples.getOrDefault(probe, List.of())));
        }
        withSamples.sort(Comparator.comparing(Suggestion::kind).thenComparing(Suggestion::table).thenComparing(Suggestion::column)
                .thenComparing(s -> s.whereValue() == null ? "" : s.whereValue()));
        return new Found(withSamples, notes);
    }

    /** Whether values contained on every date are a reference rather than luck, and why. */
    record Evidence(boolean strong, String text) {
    }

    /** Containment whose chance by luck is at most this (as a power of ten) is evidence of a reference. */
    static final double CHANCE = -6;
    /** A self-reference needs more: a table's own dense key holds its small numbers, whatever they mean. */
    static final double SELF_CHANCE = -12;
    /** Non-numeric values (text, uuid) come from a space too large to hit by luck once there are this many. */
    static final long TEXT_VALUES = 10;

    /**
     * A name that names the target (the column's stem, or the framework's mapping of a type) is
     * evidence, except for a self-reference; otherwise the containment must be unlikely by chance:
     * k distinct numbers in [lo, hi] where the key holds n of the hi - lo + 1 numbers all fall in it
     * by luck with the probability of drawing k - 2 (the ends are where the values are) of the n - 2
     * key values among the hi - lo - 1 numbers between them.
     */
    static Evidence evidence(boolean self, boolean named, boolean plain, Inclusion.Spread spread, long keysInRange, String target) {
        if (named && !self) {
            return new Evidence(true, plain ? "the column's name names " + target.substring(0, target.indexOf('.'))
                    : "the framework's naming gives " + target.substring(0, target.indexOf('.')));
        }
        String what = self ? "a self-reference, so the name is no evidence and " : "";
        if (spread == null) {
            return new Evidence(false, what + "nothing is known of its values' spread: check by hand");
        }
        if (spread.distinct() <= 1) {
            return new Evidence(false, what + "a constant column (one distinct value): any key holding that value contains it");
        }
        if (spread.lo() == null) {
            boolean enough = !self && spread.distinct() >= TEXT_VALUES;
            return new Evidence(enough, String.format(Locale.ROOT, "%s%,d distinct non-numeric values%s", what, spread.distinct(),
                    enough ? ", too many to match by luck" : self ? "" : ", too few to rule out luck"));
        }
        double lo = spread.lo();
        double hi = spread.hi();
        long numbers = (long) (hi - lo) + 1;
        long keys = Math.min(numbers, Math.max(keysInRange, spread.distinct()));
        double chance = log10Chance(spread.distinct(), keys, numbers);
        boolean strong = chance <= (self ? SELF_CHANCE : CHANCE);
        String p = chance <= LOWEST ? "below 1e" + (long) LOWEST : chance > -1 ? String.format(Locale.ROOT, "%.2f", Math.pow(10, chance))
                : "about 1e" + (long) Math.floor(chance);
        return new Evidence(strong, String.format(Locale.ROOT, "%s%,d distinct values in [%s, %s], where %s holds %,d of the %,d numbers: all inside by chance with probability %s%s",
                what, spread.distinct(), number(lo), number(hi), target, keys, numbers, p,
                strong ? "" : ", so the containment may be luck (a name matching the table, or more values, would tell)"));
    }

    static final double LOWEST = -50;

    /** log10 of the chance that k distinct numbers of a range of {@code numbers} (ends included) all fall in a key holding {@code keys} of them. */
    static double log10Chance(long k, long keys, long numbers) {
        long inner = k - 2;
        long n = keys - 2;
        long r = numbers - 2;
        if (inner <= 0 || n >= r) {
            return 0;
        }
        double sum = 0;
        for (long i = 0; i < inner && sum > LOWEST; i++) {
            sum += Math.log10((double) (n - i) / (r - i));
        }
        return Math.max(sum, LOWEST);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static int probeIndex(List<Plan> plans, Suggestion s) {
        for (Plan p : plans) {
            Inclusion.Probe pr = p.probe();
            if (pr.table().name().equals(s.table()) && pr.column().equals(s.column())
                    && java.util.Objects.equals(pr.whereColumn(), s.whereColumn()) && java.util.Objects.equals(pr.whereValue(), s.whereValue())) {
                return pr.id();
            }
        }
        throw new IllegalStateException("no probe for " + s.reference());
    }

    static String referenceText(Inclusion.Probe p, Inclusion.Target t) {
        String to = t.table().name() + "." + t.column();
        if (p.whereColumn() == null) {
            return p.table().name() + "." + p.column() + " -> " + to;
        }
        String literal = p.whereValue().matches("-?[0-9]+") ? p.whereValue() : "'" + p.whereValue().replace("'", "''") + "'";
        return p.table().name() + ".(" + p.whereColumn() + " = " + literal + ", " + p.column() + ") -> " + to;
    }

    /** Type column + id column pairs: Django's X_type_id/X_id (content_type_id/object_id), Rails' X_type/X_id. */
    private List<Pair> pairs(Catalog catalog, ReferenceGraph graph) {
        boolean django = catalog.table(CONTENT_TYPES).map(t -> t.column("id").isPresent() && t.column("app_label").isPresent()
                && t.column("model").isPresent()).orElse(false);
        List<Pair> out = new ArrayList<>();
        for (Table t : catalog.tables()) {
            for (Column c : t.columns()) {
                String name = c.name().toLowerCase(Locale.ROOT);
                if (django && name.endsWith("_type_id") && isInteger(c)) {
                    String prefix = c.name().substring(0, c.name().length() - "_type_id".length());
                    List<String> ids = name.equals("content_type_id") ? List.of("object_id", "object_pk", prefix + "_id") : List.of(prefix + "_id");
                    boolean elsewhere = graph.references().stream().anyMatch(f -> f.table().equals(t.name()) && f.conditions().isEmpty()
                            && f.columns().size() == 1 && f.columns().get(0).equals(c.name()) && !f.refTable().equalsIgnoreCase(CONTENT_TYPES));
                    if (!elsewhere) {
                        ids.stream().map(t::column).filter(java.util.Optional::isPresent).map(java.util.Optional::get).findFirst()
                                .ifPresent(idc -> out.add(new Pair(out.size(), t, c.name(), idc.name(), true)));
                    }
                } else if (name.endsWith("_type") && name.length() > 5 && isText(c)) {
                    String prefix = c.name().substring(0, c.name().length() - "_type".length());
                    t.column(prefix + "_id").filter(idc -> typeKey(idc) != null)
                            .ifPresent(idc -> out.add(new Pair(out.size(), t, c.name(), idc.name(), false)));
                }
            }
        }
        return out;
    }

    /** One probe per (pair, type value that occurs), with the target the framework's naming gives. */
    private List<Plan> typedPlans(Catalog catalog, List<Pair> pairs, List<Inclusion.Target> targets, Map<String, Integer> targetIds,
                                  Set<String> configuredGeneric, List<String> notes) {
        List<Plan> plans = new ArrayList<>();
        if (pairs.isEmpty()) {
            return plans;
        }
        Dataset<Row> all = null;
        for (Pair p : pairs) {
            Dataset<Row> df = values.read(p.table(), List.of(p.typeColumn(), p.idColumn()))
                    .where(col("c0").isNotNull().and(col("c1").isNotNull()))
                    .select(lit(p.id()).as("pair"), col("c0").cast("string").as("type"), col(ColumnValues.DATE));
            all = all == null ? df : all.unionAll(df);
        }
        Map<Integer, Map<String, Long>> types = new LinkedHashMap<>();
        for (Row r : all.groupBy(col("pair"), col("type")).agg(count(lit(1))).collectAsList()) {
            types.computeIfAbsent(r.getInt(0), x -> new java.util.TreeMap<>()).put(r.getString(1), r.getLong(2));
        }
        Map<String, String[]> contentTypes = new HashMap<>();
        Set<String> djangoIds = new TreeSet<>();
        for (Pair p : pairs) {
            if (p.django()) {
                djangoIds.addAll(types.getOrDefault(p.id(), Map.of()).keySet());
            }
        }
        if (!djangoIds.isEmpty()) {
            Table ct = catalog.table(CONTENT_TYPES).orElseThrow();
            Dataset<Row> rows = values.read(ct, List.of("id", "app_label", "model"));
            Dataset<Row> last = rows.agg(max(col(ColumnValues.DATE)).as("d"));
            for (Row r : rows.join(last, col(ColumnValues.DATE).equalTo(col("d"))).where(col("c0").cast("string").isin(djangoIds.toArray()))
                    .select(col("c0").cast("string"), col("c1"), col("c2")).collectAsList()) {
                contentTypes.put(r.getString(0), new String[]{r.getString(1), r.getString(2)});
            }
        }
        for (Pair p : pairs) {
            Map<String, Long> occurring = types.getOrDefault(p.id(), Map.of());
            String where = p.table().name() + ".(" + p.typeColumn() + ", " + p.idColumn() + ")";
            if (occurring.size() > MAX_TYPES) {
                notes.add(where + " holds " + occurring.size() + " distinct " + p.typeColumn() + " values: too many for a type column, not tested");
                continue;
            }
            Column idc = p.table().column(p.idColumn()).orElseThrow();
            for (Map.Entry<String, Long> e : occurring.entrySet()) {
                String type = e.getKey();
                if (configuredGeneric.contains(p.table().name() + "." + p.typeColumn().toLowerCase(Locale.ROOT) + "=" + type + "." + List.of(p.idColumn()))) {
                    continue;
                }
                Resolved r;
                String mapping;
                if (p.django()) {
                    String[] ct = contentTypes.get(type);
                    if (ct == null) {
                        notes.add(where + ": " + p.typeColumn() + " = " + type + " on " + e.getValue() + " rows is not an id of " + CONTENT_TYPES + " on the last date");
                        continue;
                    }
                    mapping = "content type " + type + " = " + ct[0] + "." + ct[1];
                    r = djangoTable(catalog, ct[0], ct[1]);
                    if (r != null) {
                        mapping += " -> " + r.table().name() + (r.mapping().isEmpty() ? "" : " (" + r.mapping() + ")");
                    }
                } else {
                    mapping = "'" + type + "'";
                    r = railsTable(catalog, type);
                    mapping += r != null ? " -> " + r.table().name() + " (Rails/Laravel convention: class name, underscored and plural; correct the table if the model names its own)"
                            : " -> no table by the Rails/Laravel convention (tried " + String.join(", ", Naming.polymorphic(type)) + ")";
                }
                Set<Integer> allowed = new TreeSet<>();
                if (r != null) {
                    Integer id = targetIds.get(r.table().name() + "." + r.column());
                    if (id == null) {
                        if (targetTables.test(r.table().name())) {
                            notes.add(where + " = " + type + ": " + mapping + ", but " + r.table().name() + " has no single-column key to point at");
                        }
                        continue;
                    }
                    allowed.add(id);
                } else {
                    for (Inclusion.Target k : targets) {
                        if (typeKey(idc).equals(typeKey(k.table().column(k.column()).orElseThrow()))) {
                            allowed.add(k.id());
                        }
                    }
                }
                if (allowed.isEmpty()) {
                    continue;
                }
                Suggestion.Kind kind = p.django() ? Suggestion.Kind.DJANGO_GENERIC : Suggestion.Kind.POLYMORPHIC;
                plans.add(new Plan(new Inclusion.Probe(plans.size(), p.table(), p.idColumn(), p.typeColumn(), type), kind, allowed, mapping, r));
            }
        }
        return plans;
    }

    /** app_label_model, else the one table a db_table override plausibly names (…_model, model, applabelmodel). */
    static Resolved djangoTable(Catalog catalog, String appLabel, String model) {
        String name = Naming.django(appLabel, model);
        java.util.Optional<Table> exact = catalog.table(name);
        if (exact.isPresent()) {
            return keyOf(exact.get(), "");
        }
        String m = model.toLowerCase(Locale.ROOT);
        String glued = (appLabel + model).toLowerCase(Locale.ROOT).replace("_", "");
        List<Table> overrides = catalog.tables().stream().filter(t -> {
            String n = t.name().toLowerCase(Locale.ROOT);
            return n.equals(m) || n.endsWith("_" + m) || n.replace("_", "").equals(glued);
        }).toList();
        if (overrides.size() == 1) {
            return keyOf(overrides.get(0), "db_table override: no table " + name);
        }
        return null;
    }

    static Resolved railsTable(Catalog catalog, String type) {
        for (String name : Naming.polymorphic(type)) {
            java.util.Optional<Table> t = catalog.table(name);
            if (t.isPresent()) {
                return keyOf(t.get(), "");
            }
        }
        return null;
    }

    /** The key a framework points at: the single-column primary key (Django's *_ptr_id under multi-table inheritance), else id. */
    static Resolved keyOf(Table t, String mapping) {
        if (t.hasPrimaryKey() && t.primaryKey().columns().size() == 1) {
            return new Resolved(t, t.primaryKey().columns().get(0), mapping);
        }
        java.util.Optional<Column> ptr = t.columns().stream().filter(c -> c.name().toLowerCase(Locale.ROOT).endsWith("_ptr_id")).findFirst();
        Column c = ptr.orElseGet(() -> t.column("id").orElse(null));
        return c == null ? new Resolved(t, "id", mapping) : new Resolved(t, c.name(), mapping);
    }

    /** customer_id -> customer, partner_ptr_id -> partner. */
    static String stem(String column) {
        String c = column.toLowerCase(Locale.ROOT);
        c = c.endsWith("_ptr_id") ? c.substring(0, c.length() - 7) : c.substring(0, c.length() - 3);
        return c;
    }

    /** Tables other than {@code self} that the stem names: the stem itself, app_stem, or its plural. */
    static Set<String> namedTables(Catalog catalog, String stem, String self) {
        Set<String> out = new TreeSet<>();
        for (Table t : catalog.tables()) {
            String n = t.name().toLowerCase(Locale.ROOT);
            if (!t.name().equals(self) && (n.equals(stem) || n.endsWith("_" + stem) || n.equals(Naming.plural(stem)))) {
                out.add(t.name());
            }
        }
        return out;
    }

    static boolean nameSuggests(String column, String table) {
        String stem = column.toLowerCase(Locale.ROOT).endsWith("_id") ? stem(column) : column.toLowerCase(Locale.ROOT);
        String n = table.toLowerCase(Locale.ROOT);
        return n.equals(stem) || n.endsWith("_" + stem) || n.equals(Naming.plural(stem));
    }

    static boolean isInteger(Column c) {
        return "int".equals(typeKey(c)) || "bigint".equals(typeKey(c)) || "smallint".equals(typeKey(c)) || "tinyint".equals(typeKey(c))
                || "mediumint".equals(typeKey(c));
    }

    static boolean isText(Column c) {
        return "text".equals(typeKey(c));
    }

    /** The type a reference and its key share, with the databases' synonyms made one; null for types no key is made of. */
    static String typeKey(Column c) {
        String t = c.dataType() == null ? "" : c.dataType().toLowerCase(Locale.ROOT).replace(" unsigned", "").strip();
        return switch (t) {
            case "int", "integer", "int4", "serial", "serial4" -> "int";
            case "bigint", "int8", "bigserial", "serial8" -> "bigint";
            case "smallint", "int2", "smallserial", "serial2" -> "smallint";
            case "tinyint" -> "tinyint";
            case "mediumint" -> "mediumint";
            case "varchar", "character varying", "char", "character", "bpchar", "text", "nvarchar", "nchar", "tinytext", "mediumtext", "longtext" -> "text";
            case "uuid" -> "uuid";
            case "numeric", "decimal" -> c.sourceType() != null && c.sourceType().matches("(?i).*\\(\\s*\\d+\\s*(,\\s*0\\s*)?\\).*") ? "numeric" : null;
            default -> null;
        };
    }

}

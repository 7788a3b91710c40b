package io.rowback.config;

import java.io.Serializable;
import java.util.Map;

/**
 * The {@code watch:} section: how many rows of a table may vanish between two snapshots before the
 * snapshot says so loudly (exit status 3) and runs {@code notify}. A table passes its limit when more
 * rows vanished than {@code maxVanished}, or a larger share of its rows than {@code maxVanishedShare}.
 *
 * @param tables per table (in any source), limits that replace the default ones
 * @param notifyCommand a shell command run with the alert's text on its standard input; null for none
 */
public record WatchSettings(Limit defaults, Map<String, Limit> tables, String notifyCommand) implements Serializable {
    public static final Limit DEFAULT_LIMIT = new Limit(100, 0.10);
    /** A {@code watch:} section without keys. */
    public static final WatchSettings DEFAULTS = new WatchSettings(DEFAULT_LIMIT, Map.of(), null);
    /**
     * No {@code watch:} section: the changes are still counted and recorded, but no limit is held
     * against them (a configuration written before the watch keeps its exit status 0).
     */
    public static final WatchSettings OFF = new WatchSettings(null, Map.of(), null);

    /** The limits of one table. */
    public record Limit(long maxVanished, double maxVanishedShare) implements Serializable {
        /** Whether {@code vanished} rows out of {@code before} pass this limit. */
        public boolean passedBy(long vanished, long before) {
            return vanished > maxVanished || before > 0 && vanished / (double) before > maxVanishedShare;
        }
    }

    public WatchSettings {
        tables = Map.copyOf(tables);
    }

    /** The table's limit; null when nothing is watched. */
    public Limit limitOf(String table) {
        if (defaults == null) {
            return null;
        }
        Limit own = tables.get(table);
        if (own == null) {
            for (Map.Entry<String, Limit> e : tables.entrySet()) {
                if (e.getKey().equalsIgnoreCase(table)) {
                    return e.getValue();
                }
            }
        }
        return own == null ? defaults : own;
    }
}

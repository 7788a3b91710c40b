package io.rowback.config;

import io.rowback.errors.Errors;

import java.nio.file.Path;
import java.util.Map;

/** A parsed and validated configuration file. */
public record RowbackConfig(Path file, String warehouse, Map<String, SourceConfig> sources, SnapshotSettings snapshot,
                            WatchSettings watch) {

    public RowbackConfig(Path file, String warehouse, Map<String, SourceConfig> sources, SnapshotSettings snapshot) {
        this(file, warehouse, sources, snapshot, WatchSettings.OFF);
    }

    /** The source named by --source, or the only one when none is named. */
    public SourceConfig source(String name) {
        if (name == null) {
            if (sources.size() == 1) {
                return sources.values().iterator().next();
            }
            throw Errors.sourceRequired(file, sources.keySet());
        }
        SourceConfig source = sources.get(name);
        if (source == null) {
            throw Errors.unknownSource(file, name, sources.keySet());
        }
        return source;
    }
}

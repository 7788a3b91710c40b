package io.rowback.jobs.cli;

import io.rowback.config.ConfigLoader;
import io.rowback.config.RowbackConfig;
import io.rowback.config.SourceConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** --config and --source, shared by every command that works on a source. */
public final class SourceOptions {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "rowback YAML configuration (see conf/rowback.example.yaml)")
    Path config;

    @Option(names = "--source", paramLabel = "NAME", description = "source of the configuration; may be left out when it has one")
    String source;

    private RowbackConfig loaded;

    public RowbackConfig config() {
        if (loaded == null) {
            loaded = new ConfigLoader().load(config);
        }
        return loaded;
    }

    public SourceConfig source() {
        return config().source(source);
    }
}

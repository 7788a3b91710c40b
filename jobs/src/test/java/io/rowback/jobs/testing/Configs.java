package io.rowback.jobs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** rowback configuration files for tests. */
public final class Configs {
    private Configs() {
    }

    /** One source named {@code src} on the database, with extra source lines (indented 4). */
    public static Path write(Path dir, TestDatabase db, String extraSourceYaml) throws IOException {
        return write(dir, db, extraSourceYaml, "");
    }

    /** As {@link #write(Path, TestDatabase, String)}, with extra lines of the snapshot section (indented 2). */
    public static Path write(Path dir, TestDatabase db, String extraSourceYaml, String extraSnapshotYaml) throws IOException {
        String yaml = "warehouse: " + dir.resolve("warehouse") + "\n"
                + "sources:\n  src:\n" + db.sourceYaml() + (extraSourceYaml == null ? "" : extraSourceYaml)
                + "snapshot:\n  parallelTables: 4\n" + extraSnapshotYaml;
        Path file = dir.resolve("rowback.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}

package io.rowback.jobs.apply;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AppliedStepsTest {
    @TempDir
    Path dir;

    @Test
    void theScriptsAreToldApartByTheirFirstLine() {
        assertEquals(AppliedSteps.Direction.restore, AppliedSteps.directionOf("-- rowback restore script\n-- source ..."));
        assertEquals(AppliedSteps.Direction.undo, AppliedSteps.directionOf("-- rowback undo script\n"));
        assertNull(AppliedSteps.directionOf("DELETE FROM t;\n"));
    }

    @Test
    void undoKnowsWhatRestoreDidAndWhatWasUndoneSince() throws Exception {
        Files.writeString(dir.resolve("restore.sql"), "-- rowback restore script\n-- @rowback step=1 expect=1\nINSERT INTO t VALUES (1);\n"
                + "-- @rowback step=2 expect=1\nINSERT INTO t VALUES (2);\n-- @rowback step=3 expect=1\nINSERT INTO t VALUES (3);\n");
        Path undo = dir.resolve("undo.sql");
        assertNull(AppliedSteps.forUndo(undo, "postgres"), "no record yet");

        Instant t0 = Instant.parse("2026-12-03T10:00:00Z");
        AppliedSteps.record(dir.resolve("restore.sql"), AppliedSteps.Direction.restore, Set.of(1, 2, 3), t0);
        AppliedSteps.ForUndo first = AppliedSteps.forUndo(undo, "postgres");
        assertEquals(Set.of(1, 2, 3), first.restored());
        assertEquals(Set.of(1, 2, 3), first.inRestore());
        assertEquals(Set.of(1, 2, 3), first.restoredSinceUndo());

        AppliedSteps.record(undo, AppliedSteps.Direction.undo, Set.of(2), t0.plusSeconds(60));
        AppliedSteps.ForUndo second = AppliedSteps.forUndo(undo, "postgres");
        assertEquals(Set.of(1, 2, 3), second.restored());
        assertEquals(Set.of(1, 3), second.restoredSinceUndo(), "step 2 was undone after restore did it");

        AppliedSteps.record(dir.resolve("restore.sql"), AppliedSteps.Direction.restore, Set.of(2), t0.plusSeconds(120));
        assertEquals(Set.of(1, 2, 3), AppliedSteps.forUndo(undo, "postgres").restoredSinceUndo(), "restored again after the undo");
    }

    @Test
    void aFolderReconciledAgainDoesNotInheritTheOldRecord() throws Exception {
        Files.writeString(dir.resolve("restore.sql"), "-- rowback restore script\n-- one\n");
        AppliedSteps.record(dir.resolve("restore.sql"), AppliedSteps.Direction.restore, Set.of(1));
        Files.writeString(dir.resolve("restore.sql"), "-- rowback restore script\n-- another\n");
        assertNull(AppliedSteps.forUndo(dir.resolve("undo.sql"), "postgres"));
    }
}

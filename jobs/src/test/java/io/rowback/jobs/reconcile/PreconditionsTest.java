package io.rowback.jobs.reconcile;

import io.rowback.catalog.Catalog;
import io.rowback.catalog.Column;
import io.rowback.catalog.Key;
import io.rowback.catalog.Table;
import io.rowback.errors.RowbackException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checks reconcile makes before it reads a row: none of them writes anything. */
class PreconditionsTest {
    @TempDir
    Path dir;

    static String refused(org.junit.jupiter.api.function.Executable check) {
        RowbackException e = assertThrows(RowbackException.class, check);
        assertEquals(RowbackException.BAD_INPUT, e.exitStatus());
        return e.getMessage();
    }

    @Test
    void aMissingOutFolderIsCheckedNotMade() {
        Path out = dir.resolve("a").resolve("b");
        assertDoesNotThrow(() -> Preconditions.outFolder(out));
        assertFalse(Files.exists(dir.resolve("a")), "nothing made before every check has passed");
    }

    @Test
    void anOutThatCannotBeAFolderOfItsOwnIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        assertTrue(refused(() -> Preconditions.outFolder(file)).contains("is a file"));
        assertTrue(refused(() -> Preconditions.outFolder(file.resolve("below"))).contains("cannot be made: " + file + " is a file"));
        Path busy = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(busy.resolve("mine.txt"), "keep");
        assertTrue(refused(() -> Preconditions.outFolder(busy)).contains("holds other files (mine.txt)"));
        Path previous = Files.createDirectories(dir.resolve("previous"));
        Files.writeString(previous.resolve("restore.sql"), "-- earlier");
        assertDoesNotThrow(() -> Preconditions.outFolder(previous));
        assertEquals("-- earlier", Files.readString(previous.resolve("restore.sql")));
    }

    @Test
    void anOutOnAHadoopFileSystemIsRefusedAndAFileUriIsALocalFolder() {
        String hdfs = refused(() -> Preconditions.localFolder("--out", "hdfs://nn:8020/rowback/restore"));
        assertTrue(hdfs.contains("--out hdfs://nn:8020/rowback/restore is a hdfs URI"), hdfs);
        assertTrue(hdfs.contains("local folder"), hdfs);
        assertTrue(refused(() -> Preconditions.localFolder("--out", "s3a://bucket/restore")).contains("is a s3a URI"));
        assertEquals(dir.resolve("out"), Preconditions.localFolder("--out", dir.resolve("out").toUri().toString()));
        assertEquals(Path.of("restore"), Preconditions.localFolder("--out", "restore"));
        assertEquals(Path.of("a:b"), Preconditions.localFolder("--out", "a:b"), "a colon without a slash is a name");
    }

    @Test
    void aViewAsRootIsSaidToBeAView() {
        Table item = new Table("item", false, 1, List.of(new Column("id", 1, "int", "int", false, false, false, -1, "INT", false)),
                new Key("PRIMARY", List.of("id")), List.of(), List.of(), List.of());
        Catalog catalog = new Catalog(List.of(item), List.of("item_view"));
        LocalDate d = LocalDate.of(2026, 7, 1);
        String view = refused(() -> Preconditions.roots(List.of("ITEM_VIEW"), catalog, d));
        assertTrue(view.startsWith("--root item_view: 'item_view' is a view on 2026-07-01, and rowback snapshots base tables only"), view);
        String none = refused(() -> Preconditions.roots(List.of("nope"), catalog, d));
        assertTrue(none.contains("no table 'nope' in the snapshot of 2026-07-01 (views are not snapshotted); tables: item"), none);
        assertDoesNotThrow(() -> Preconditions.roots(List.of("item"), catalog, d));
    }
}

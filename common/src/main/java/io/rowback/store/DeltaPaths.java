package io.rowback.store;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;

/** Questions about warehouse paths, answered through the Hadoop file system of the path. */
public final class DeltaPaths {
    private DeltaPaths() {
    }

    /** True when the path holds a Delta table (a _delta_log folder with at least one file). */
    public static boolean isDeltaTable(SparkSession spark, String path) {
        try {
            Path log = new Path(path, "_delta_log");
            FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return fs.exists(log) && fs.listStatus(log).length > 0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * True when a date was ever written to the table at this path: its partition folder exists. A
     * committed, a replaced or a crashed write all leave it, so this errs towards "written".
     */
    public static boolean hasPartition(SparkSession spark, String tablePath, java.time.LocalDate date) {
        try {
            Path dir = new Path(tablePath, WarehouseLayout.DATE_COLUMN + "=" + date);
            return dir.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static FileSystem fileSystem(SparkSession spark, String path) throws IOException {
        return new Path(path).getFileSystem(spark.sparkContext().hadoopConfiguration());
    }
}

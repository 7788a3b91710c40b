package io.rowback.jobs.testing;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * After each test class, the shared SparkSession forgets what that class made: Delta keeps a DeltaLog
 * (with its snapshot) for an hour for every table path it opened, and hundreds of classes open
 * thousands of warehouses in one JVM; cached log states and local checkpoints stay in the block
 * manager until a GC lets Spark's cleaner find them. It also writes the heap in use after a full GC
 * and what the class left cached to target/heap-by-class.log, so that a leak shows as a slope there.
 */
public final class SparkHygiene implements TestExecutionListener {
    private static final Path LOG = Path.of(System.getProperty("rowback.heapLog", "target/heap-by-class.log"));

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!id.isContainer() || !(id.getSource().orElse(null) instanceof ClassSource source)) {
            return;
        }
        SparkSession spark = SparkExtension.existing();
        String left = "";
        if (spark != null) {
            boolean cached = !spark.sharedState().cacheManager().isEmpty();
            int rdds = spark.sparkContext().getPersistentRDDs().size();
            left = (cached ? " cached-datasets" : "") + " persistent-rdds=" + rdds;
            spark.catalog().clearCache();
            // Delta's cached log states and the jobs' local checkpoints are RDDs of the block manager
            // until a GC lets Spark's cleaner find them: free them now, so that no class pays for another's
            org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()).getPersistentRDDs()
                    .values().forEach(rdd -> rdd.unpersist(true));
            DeltaLog.clearCache();
        }
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
        java.util.Map<String, Long> pools = new java.util.TreeMap<>();
        Thread.getAllStackTraces().keySet().forEach(t -> pools.merge(t.getName().replaceAll("[0-9]+", "#"), 1L, Long::sum));
        pools.values().removeIf(n -> n < 5);
        String line = String.format("%s used-mb=%d threads=%d%s %s%n", source.getClassName(), used, Thread.activeCount(), left, pools);
        try {
            Files.createDirectories(LOG.toAbsolutePath().getParent());
            Files.writeString(LOG, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

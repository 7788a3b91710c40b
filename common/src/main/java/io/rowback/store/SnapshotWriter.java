package io.rowback.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.apache.spark.sql.functions.lit;

/**
 * Writes one table's rows of one date. A date written before is replaced exactly (replaceWhere: a
 * rerun never doubles); a date never written before is appended, which spares Delta the
 * reconstruction of the table's file list (about 1 s per table). New columns join the Delta
 * schema; dropped ones stay null in new partitions.
 */
public final class SnapshotWriter {
    /** Rows and bytes the commit wrote. */
    public record Written(long rows, long bytes) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SparkSession spark;

    public SnapshotWriter(SparkSession spark) {
        this.spark = spark;
    }

    /** @param replace the date may hold rows already (it was written before) */
    public Written write(Dataset<Row> rows, String path, LocalDate date, boolean replace) {
        return write(rows, path, date, replace, null);
    }

    /**
     * @param statsColumns the columns Delta keeps min/max statistics of, set when the table is created
     *                     (the key: it makes lookups by key skip files); null for all columns. Statistics
     *                     of every column cost a large table's extract about a fifth of its time.
     */
    public Written write(Dataset<Row> rows, String path, LocalDate date, boolean replace, java.util.List<String> statsColumns) {
        // the commit is tagged so that its figures are found as ours: an empty append makes no commit,
        // and the latest commit is then another date's
        String tag = "rowback-write-" + java.util.UUID.randomUUID();
        var writer = rows.withColumn(WarehouseLayout.DATE_COLUMN, lit(date))
                .write().format("delta")
                .option("userMetadata", tag)
                .option("mergeSchema", "true")
                .partitionBy(WarehouseLayout.DATE_COLUMN);
        if (statsColumns != null && !statsColumns.isEmpty() && !DeltaPaths.isDeltaTable(spark, path)) {
            writer.option("delta.dataSkippingStatsColumns", String.join(",", statsColumns.stream()
                    .map(c -> "`" + c.replace("`", "``") + "`").toList()));
        }
        if (replace) {
            writer.mode("overwrite").option("replaceWhere", WarehouseLayout.DATE_COLUMN + " = DATE'" + date + "'");
        } else {
            writer.mode("append");
        }
        long started = System.currentTimeMillis();
        writer.save(path);
        Written w = ourCommit(path, tag, started);
        if (w.rows() == 0 && w.bytes() > 0) {
            // bytes without rows: the job's row metric was lost (seen on MariaDB after a failed task in
            // the same session); the date's rows are counted instead
            long rowsOfDate = spark.read().format("delta").load(path).where(org.apache.spark.sql.functions.col(WarehouseLayout.DATE_COLUMN)
                    .equalTo(lit(date))).count();
            return new Written(rowsOfDate, w.bytes());
        }
        return w;
    }

    /**
     * The metrics of the commit this write made, read from its commit file (no Spark job): the newest
     * commit files are read back to the first older than the write; zero when the write committed
     * nothing (no rows to add and none to replace). Not Delta's cached snapshot: after a failed
     * attempt it can be behind, and its latest commit another date's.
     */
    private Written ourCommit(String path, String tag, long started) {
        Path log = new Path(path + "/_delta_log");
        try {
            FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(log)) {
                return new Written(0, 0);
            }
            List<Path> commits = new ArrayList<>();
            for (FileStatus f : fs.listStatus(log)) {
                if (f.getPath().getName().matches("\\d{20}\\.json")) {
                    commits.add(f.getPath());
                }
            }
            commits.sort(Comparator.comparing(Path::getName).reversed());
            for (Path commit : commits) {
                List<JsonNode> actions = actions(fs, commit);
                JsonNode info = actions.stream().map(a -> a.path("commitInfo")).filter(i -> !i.isMissingNode()).findFirst().orElse(null);
                if (info == null) {
                    continue;
                }
                if (tag.equals(info.path("userMetadata").asText(null))) {
                    JsonNode metrics = info.path("operationMetrics");
                    return new Written(rows(actions, metrics.path("numOutputRows").asLong(0)), metrics.path("numOutputBytes").asLong(0));
                }
                if (info.path("timestamp").asLong(Long.MAX_VALUE) < started - 60_000) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Written(0, 0);
    }

    /**
     * The rows the commit's files hold by their statistics where every file has them: after a retried
     * write in the same session the job's numOutputRows metric was seen to be 0 for a full write.
     */
    private static long rows(List<JsonNode> actions, long metric) {
        long sum = 0;
        boolean all = true;
        boolean any = false;
        for (JsonNode a : actions) {
            JsonNode add = a.path("add");
            if (add.isMissingNode()) {
                continue;
            }
            any = true;
            String stats = add.path("stats").asText(null);
            if (stats == null) {
                all = false;
                continue;
            }
            try {
                JsonNode n = JSON.readTree(stats).path("numRecords");
                if (n.isMissingNode()) {
                    all = false;
                } else {
                    sum += n.asLong();
                }
            } catch (IOException e) {
                all = false;
            }
        }
        return any && all ? sum : metric;
    }

    private static List<JsonNode> actions(FileSystem fs, Path commit) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (FSDataInputStream in = fs.open(commit);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        return out;
    }
}

package io.salespipelines.transforms.write;

import io.salespipelines.schemas.OutputTable;
import io.salespipelines.transforms.common.SpillByKey;
import io.salespipelines.transforms.common.SpillSegment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a Hive-partitioned table as exactly one Snappy Parquet file per partition and run
 * ({@code <partition>/<prefix>.parquet}), in bounded memory on every runner.
 *
 * <p>Rows are not shuffled: a shuffle holds its values in memory on both runners (the Direct
 * runner keeps every element of a GroupByKey in the heap until the end, Spark gathers a key's
 * values into one list). Instead each bundle buffers its rows, encoded, up to a fixed number of
 * bytes and spills them into a file of its own under {@code <directory>/_spill/}, one Snappy segment
 * per partition; only the small (partition, segment) pairs are shuffled. Each partition's Parquet
 * file is then streamed from its segments, one partition at a time per worker. Memory per worker:
 * the spill buffer plus one Parquet writer.
 *
 * <p>The files are written straight into the run's staging folder (the job commits staging as a
 * whole, and skips names starting with {@code _}, so spill files are never published); a retried
 * bundle overwrites the same Parquet file name, and spills into new names. The spill files, with any
 * a failed attempt left behind, are deleted once every partition is written. Bounded input in the
 * global window only (one file per partition and run).
 */
public class WritePartitionedParquet<T> extends PTransform<PCollection<T>, PDone> {
  private static final Logger LOG = LoggerFactory.getLogger(WritePartitionedParquet.class);
  /** Encoded rows a bundle holds before it spills them (the arrays holding them may take twice that). */
  public static final long DEFAULT_SPILL_BUFFER_BYTES = SpillByKey.DEFAULT_SPILL_BUFFER_BYTES;

  private final OutputTable<T> table;
  private final String directory;
  private final String filePrefix;
  private final int buckets;
  private final long spillBufferBytes;

  /** @param buckets shuffle buckets for the (partition, spill segment) pairs, 0 for a plain GroupByKey */
  public WritePartitionedParquet(OutputTable<T> table, String directory, String filePrefix, int buckets) {
    this(table, directory, filePrefix, buckets, DEFAULT_SPILL_BUFFER_BYTES);
  }

  private WritePartitionedParquet(
      OutputTable<T> table, String directory, String filePrefix, int buckets, long spillBufferBytes) {
    this.table = table;
    this.directory = directory;
    this.filePrefix = filePrefix;
    this.buckets = buckets;
    this.spillBufferBytes = spillBufferBytes;
  }

  /** Spills a bundle's rows whenever their encoded form reaches {@code bytes}. */
  public WritePartitionedParquet<T> withSpillBufferBytes(long bytes) {
    return new WritePartitionedParquet<>(table, directory, filePrefix, buckets, bytes);
  }

  /** The folder of the spill files: its name starts with '_', so no commit publishes it. */
  static String spillFolder(String directory) {
    return directory + "/_spill";
  }

  @Override
  public PDone expand(PCollection<T> rows) {
    if (!(rows.getWindowingStrategy().getWindowFn() instanceof GlobalWindows)) {
      throw new IllegalArgumentException(
          "WritePartitionedParquet writes one file per partition and run: rows must be in the global window");
    }
    Coder<T> rowCoder = rows.getCoder();
    String spill = spillFolder(directory);
    OutputTable<T> t = table;
    rows.apply("SpillRowsByPartition", new SpillByKey<T>(t::partitionPath, spill, buckets, spillBufferBytes))
        .apply("WritePartitionFiles", ParDo.of(new WritePartitionFn<>(table, rowCoder, directory, filePrefix)))
        .setCoder(StringUtf8Coder.of())
        .apply("AllPartitionsWritten", new SpillByKey.DeleteSpillFolder<>(spill));
    return PDone.in(rows.getPipeline());
  }

  /** Streams a partition's spilled rows, segment after segment, into its one Parquet file. */
  static class WritePartitionFn<T> extends DoFn<KV<String, Iterable<SpillSegment>>, String> {
    private final OutputTable<T> table;
    private final Coder<T> rowCoder;
    private final String directory;
    private final String filePrefix;

    WritePartitionFn(OutputTable<T> table, Coder<T> rowCoder, String directory, String filePrefix) {
      this.table = table;
      this.rowCoder = rowCoder;
      this.directory = directory;
      this.filePrefix = filePrefix;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<SpillSegment>> partition, OutputReceiver<String> out)
        throws IOException {
      List<SpillSegment> segments = new ArrayList<>();
      partition.getValue().forEach(segments::add);
      // The same rows in the same order whichever order the shuffle gave.
      segments.sort(SpillSegment.FILE_ORDER);
      String path = directory + "/" + partition.getKey() + "/" + filePrefix + ".parquet";
      ParquetTableFile.writeSegments(table, rowCoder, path, segments);
      out.output(partition.getKey());
    }
  }
}

package io.salespipelines.transforms.write;

import io.salespipelines.schemas.OutputTable;
import io.salespipelines.transforms.common.GatherAll;
import io.salespipelines.transforms.common.GroupByKeyInBuckets;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.xerial.snappy.SnappyInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xerial.snappy.SnappyOutputStream;

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
  public static final long DEFAULT_SPILL_BUFFER_BYTES = 16L << 20;

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
    if (spillBufferBytes < 1 || spillBufferBytes > (1L << 30)) {
      throw new IllegalArgumentException("the spill buffer must hold 1 byte to 1 GiB: " + spillBufferBytes);
    }
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
    rows.apply("SpillRowsByPartition", ParDo.of(new SpillRowsFn<>(table, rowCoder, spill, spillBufferBytes)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SpillSegment.Coder.INSTANCE))
        .apply("GroupSegmentsByPartition", new GroupByKeyInBuckets<>(buckets))
        .apply("WritePartitionFiles", ParDo.of(new WritePartitionFn<>(table, rowCoder, directory, filePrefix)))
        .setCoder(StringUtf8Coder.of())
        .apply("AllPartitionsWritten", new GatherAll<>())
        .apply("DeleteSpillFiles", ParDo.of(new DeleteSpillFilesFn(spill)));
    return PDone.in(rows.getPipeline());
  }

  /**
   * Buffers rows encoded per partition and, when the buffer is full and at the end of the bundle,
   * writes them into a new spill file: one segment per partition, output as (partition, segment).
   */
  static class SpillRowsFn<T> extends DoFn<T, KV<String, SpillSegment>> {
    private final Counter spillFiles = Metrics.counter(WritePartitionedParquet.class, "spill_files");
    private final OutputTable<T> table;
    private final Coder<T> rowCoder;
    private final String spillFolder;
    private final long bufferBytes;
    // Sorted, so a spill file's segments follow the partitions' order.
    private transient Map<String, PartitionRows> buffer;
    private transient long buffered;

    SpillRowsFn(OutputTable<T> table, Coder<T> rowCoder, String spillFolder, long bufferBytes) {
      this.table = table;
      this.rowCoder = rowCoder;
      this.spillFolder = spillFolder;
      this.bufferBytes = bufferBytes;
    }

    @StartBundle
    public void startBundle() {
      buffer = new TreeMap<>();
      buffered = 0;
    }

    @ProcessElement
    public void process(@Element T row, OutputReceiver<KV<String, SpillSegment>> out) throws IOException {
      PartitionRows rows = buffer.computeIfAbsent(table.partitionPath(row), p -> new PartitionRows());
      int before = rows.size();
      rowCoder.encode(row, rows);
      rows.count++;
      buffered += rows.size() - before;
      if (buffered >= bufferBytes) {
        spill().forEach(out::output);
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext c) throws IOException {
      for (KV<String, SpillSegment> segment : spill()) {
        c.output(segment, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
    }

    /** Writes the buffer into a new spill file and empties it. */
    private List<KV<String, SpillSegment>> spill() throws IOException {
      List<KV<String, SpillSegment>> segments = new ArrayList<>();
      if (buffer.isEmpty()) {
        return segments;
      }
      // A new name for every spill: a retried bundle never overwrites a file an earlier attempt output.
      String file = spillFolder + "/" + UUID.randomUUID() + ".spill";
      WritableByteChannel channel = FileSystems.create(FileSystems.matchNewResource(file, false), MimeTypes.BINARY);
      SpillFileOutput spillFile = new SpillFileOutput(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
      try {
        for (Map.Entry<String, PartitionRows> partition : buffer.entrySet()) {
          long offset = spillFile.position();
          try (OutputStream segment = new SnappyOutputStream(spillFile)) {
            partition.getValue().writeTo(segment);
          }
          segments.add(KV.of(partition.getKey(),
              new SpillSegment(file, offset, spillFile.position() - offset, partition.getValue().count)));
        }
      } finally {
        spillFile.closeFile();
      }
      spillFiles.inc();
      buffer.clear();
      buffered = 0;
      return segments;
    }
  }

  /** One partition's encoded rows in the spill buffer. */
  static final class PartitionRows extends ByteArrayOutputStream {
    int count;
  }

  /** Counts the bytes written to a spill file; a segment's compressor closing leaves the file open. */
  static final class SpillFileOutput extends FilterOutputStream {
    private long position;

    SpillFileOutput(OutputStream file) {
      super(file);
    }

    long position() {
      return position;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      position++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      position += len;
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }

    void closeFile() throws IOException {
      out.close();
    }
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
      try (ParquetTableFile<T> file = new ParquetTableFile<>(table, path)) {
        for (SpillSegment segment : segments) {
          try (InputStream rows = new SnappyInputStream(new ByteArrayInputStream(readSegment(segment)))) {
            for (int i = 0; i < segment.rows; i++) {
              file.write(rowCoder.decode(rows));
            }
          }
        }
      }
      out.output(partition.getKey());
    }

    /** A segment's compressed bytes: at most what one spill buffer held. */
    private static byte[] readSegment(SpillSegment segment) throws IOException {
      ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(segment.length));
      try (ReadableByteChannel channel = FileSystems.open(FileSystems.matchNewResource(segment.file, false))) {
        ((SeekableByteChannel) channel).position(segment.offset);
        while (bytes.hasRemaining()) {
          if (channel.read(bytes) < 0) {
            throw new EOFException("spill file ends inside segment " + segment);
          }
        }
      }
      return bytes.array();
    }
  }

  /** Once every partition is written: removes the spill folder, with what failed attempts left. */
  static class DeleteSpillFilesFn extends DoFn<Iterable<String>, Void> {
    private final String spillFolder;

    DeleteSpillFilesFn(String spillFolder) {
      this.spillFolder = spillFolder;
    }

    @ProcessElement
    public void process(@Element Iterable<String> partitions) throws IOException {
      MatchResult match = FileSystems.match(spillFolder + "/*", EmptyMatchTreatment.ALLOW);
      List<ResourceId> files = new ArrayList<>();
      if (match.status() == MatchResult.Status.OK) {
        match.metadata().forEach(m -> files.add(m.resourceId()));
      }
      FileSystems.delete(files, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      long written = 0;
      for (String ignored : partitions) {
        written++;
      }
      LOG.info("{} partitions written from {} spill files in {}", written, files.size(), spillFolder);
      ResourceId folder = FileSystems.matchNewResource(spillFolder, true);
      // Object stores have no folders; a local one would stay behind empty.
      if ("file".equals(folder.getScheme())) {
        Files.deleteIfExists(Paths.get(folder.toString()));
      }
    }
  }
}

package io.salespipelines.transforms.common;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
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
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xerial.snappy.SnappyOutputStream;

/**
 * Brings the elements of each key together through files instead of a shuffle of the elements: a
 * shuffle holds its values in memory (the Direct runner keeps every element of a GroupByKey in the
 * heap until the end, Spark gathers a key's values into one list). Each bundle buffers its
 * elements, encoded with the collection's coder, up to a fixed number of bytes and spills them
 * into a new file under the spill folder, one Snappy {@link SpillSegment} per key; only the small
 * (key, segment) pairs are shuffled. The output is each key's segments, which the next step reads
 * with {@link SpillSegment#forEach} one key at a time; {@link DeleteSpillFolder} removes the files
 * once that step is done. Memory per worker: the spill buffer. Bounded input in the global window.
 *
 * <p>A retried bundle spills into new file names, so a segment an earlier attempt output is never
 * overwritten.
 */
public class SpillByKey<T> extends PTransform<PCollection<T>, PCollection<KV<String, Iterable<SpillSegment>>>> {
  /** Encoded elements a bundle holds before it spills them (the arrays holding them may take twice that). */
  public static final long DEFAULT_SPILL_BUFFER_BYTES = 16L << 20;

  private final SerializableFunction<T, String> keyOf;
  private final String spillFolder;
  private final int buckets;
  private final long bufferBytes;

  /**
   * @param keyOf the key an element is brought together under
   * @param spillFolder where the spill files go (a folder of their own: it is deleted as a whole)
   * @param buckets shuffle buckets for the (key, segment) pairs, 0 for a plain GroupByKey
   */
  public SpillByKey(SerializableFunction<T, String> keyOf, String spillFolder, int buckets, long bufferBytes) {
    if (bufferBytes < 1 || bufferBytes > (1L << 30)) {
      throw new IllegalArgumentException("the spill buffer must hold 1 byte to 1 GiB: " + bufferBytes);
    }
    this.keyOf = keyOf;
    this.spillFolder = spillFolder;
    this.buckets = buckets;
    this.bufferBytes = bufferBytes;
  }

  @Override
  public PCollection<KV<String, Iterable<SpillSegment>>> expand(PCollection<T> elements) {
    if (!(elements.getWindowingStrategy().getWindowFn() instanceof GlobalWindows)) {
      throw new IllegalArgumentException("SpillByKey brings a key's elements together once: they must be in the global window");
    }
    return elements
        .apply("SpillByKey", ParDo.of(new SpillFn<>(keyOf, elements.getCoder(), spillFolder, bufferBytes)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SpillSegment.Coder.INSTANCE))
        .apply("GroupSegmentsByKey", new GroupByKeyInBuckets<>(buckets));
  }

  /**
   * Buffers elements encoded per key and, when the buffer is full and at the end of the bundle,
   * writes them into a new spill file: one segment per key, output as (key, segment).
   */
  static class SpillFn<T> extends DoFn<T, KV<String, SpillSegment>> {
    private final Counter spillFiles = Metrics.counter(SpillByKey.class, "spill_files");
    private final SerializableFunction<T, String> keyOf;
    private final Coder<T> coder;
    private final String spillFolder;
    private final long bufferBytes;
    // Sorted, so a spill file's segments follow the keys' order.
    private transient Map<String, KeyElements> buffer;
    private transient long buffered;

    SpillFn(SerializableFunction<T, String> keyOf, Coder<T> coder, String spillFolder, long bufferBytes) {
      this.keyOf = keyOf;
      this.coder = coder;
      this.spillFolder = spillFolder;
      this.bufferBytes = bufferBytes;
    }

    @StartBundle
    public void startBundle() {
      buffer = new TreeMap<>();
      buffered = 0;
    }

    @ProcessElement
    public void process(@Element T element, OutputReceiver<KV<String, SpillSegment>> out) throws IOException {
      KeyElements elements = buffer.computeIfAbsent(keyOf.apply(element), k -> new KeyElements());
      int before = elements.size();
      coder.encode(element, elements);
      elements.count++;
      buffered += elements.size() - before;
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
        for (Map.Entry<String, KeyElements> key : buffer.entrySet()) {
          long offset = spillFile.position();
          try (OutputStream segment = new SnappyOutputStream(spillFile)) {
            key.getValue().writeTo(segment);
          }
          segments.add(KV.of(key.getKey(),
              new SpillSegment(file, offset, spillFile.position() - offset, key.getValue().count)));
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

  /** One key's encoded elements in the spill buffer. */
  static final class KeyElements extends ByteArrayOutputStream {
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

  /**
   * Once every element of its input is there (the step that read the segments is done): removes
   * the spill folder, with what failed attempts left in it.
   */
  public static class DeleteSpillFolder<T> extends PTransform<PCollection<T>, PDone> {
    private final String spillFolder;

    public DeleteSpillFolder(String spillFolder) {
      this.spillFolder = spillFolder;
    }

    @Override
    public PDone expand(PCollection<T> done) {
      done.apply("AllDone", new GatherAll<>()).apply("DeleteSpillFiles", ParDo.of(new DeleteFn<T>(spillFolder)));
      return PDone.in(done.getPipeline());
    }
  }

  static class DeleteFn<T> extends DoFn<Iterable<T>, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(SpillByKey.class);
    private final String spillFolder;

    DeleteFn(String spillFolder) {
      this.spillFolder = spillFolder;
    }

    @ProcessElement
    public void process(@Element Iterable<T> done) throws IOException {
      MatchResult match = FileSystems.match(spillFolder + "/*", EmptyMatchTreatment.ALLOW);
      List<ResourceId> files = new ArrayList<>();
      if (match.status() == MatchResult.Status.OK) {
        match.metadata().forEach(m -> files.add(m.resourceId()));
      }
      FileSystems.delete(files, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      long keys = 0;
      for (T ignored : done) {
        keys++;
      }
      LOG.info("{} keys read from {} spill files in {}", keys, files.size(), spillFolder);
      ResourceId folder = FileSystems.matchNewResource(spillFolder, true);
      // Object stores have no folders; a local one would stay behind empty.
      if ("file".equals(folder.getScheme())) {
        Files.deleteIfExists(Paths.get(folder.toString()));
      }
    }
  }
}

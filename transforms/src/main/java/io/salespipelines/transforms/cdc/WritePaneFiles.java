package io.salespipelines.transforms.cdc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Writes records keyed by partition folder ({@code dt=2025-06-01/hour=14}, or "" for none) in panes
 * of at most {@code buffer} of processing time, like Firehose's buffer: each pane of each partition
 * becomes one new file, {@code part-<runId>-<hash>.<suffix>}. A record whose partition was written
 * already (a late one, or a restarted run) lands in a new file beside the old ones: nothing is
 * overwritten or dropped. A file appears under its name only when complete (written under a
 * {@code .}-name first, which readers skip, then renamed). The output is the path of each file
 * written, once it is complete.
 *
 * <p>The pane buffer is kept in spool files, not in the runner's state: each bundle writes its
 * records of a partition to one spool file under {@code spoolDirectory}, and only the spool's path
 * goes through the grouping step. Both runners pay for a grouping step's pending values on every
 * micro-batch or bundle (Spark re-encodes the state, the Direct runner copies it), so a minute of
 * records held there cost in proportion to all of them, again and again. When the pane fires its
 * spools are read back into the file and deleted. A spool's name is its records' hash plus a
 * random part (a spool is never shared: a pane that deletes its spools cannot take another pane's),
 * a file's name comes from its spools, so a retried pane writes the same file, or finds it written
 * already and leaves it. Spools of failed attempts are left behind; the job removes the run's
 * spool folder when it ends (and the next run those of a run that was killed).
 */
public class WritePaneFiles<T> extends PTransform<PCollection<KV<String, T>>, PCollection<String>> {
  private final String directory;
  private final String spoolDirectory;
  private final String runId;
  private final Duration buffer;
  private final PaneFormat<T> format;
  private final String counterName;

  public WritePaneFiles(
      String directory, String spoolDirectory, String runId, Duration buffer, PaneFormat<T> format, String counterName) {
    this.directory = directory.endsWith("/") ? directory : directory + "/";
    this.spoolDirectory = spoolDirectory.endsWith("/") ? spoolDirectory : spoolDirectory + "/";
    this.runId = runId;
    this.buffer = buffer;
    this.format = format;
    this.counterName = counterName;
  }

  @Override
  public PCollection<String> expand(PCollection<KV<String, T>> records) {
    @SuppressWarnings("unchecked")
    Coder<T> valueCoder = ((KvCoder<String, T>) records.getCoder()).getValueCoder();
    return records
        .apply(
            "ProcessingTimePanes",
            Window.<KV<String, T>>into(new GlobalWindows())
                .triggering(Repeatedly.forever(AfterProcessingTime.pastFirstElementInPane().plusDelayOf(buffer)))
                .withAllowedLateness(Duration.ZERO)
                .discardingFiredPanes())
        .setCoder(KvCoder.of(StringUtf8Coder.of(), valueCoder))
        .apply("SpoolPerBundle", ParDo.of(new SpoolFn<>(spoolDirectory, format, valueCoder)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply("PerPartition", GroupByKey.create())
        .apply("WriteFile", ParDo.of(new WriteFn<>(directory, runId, format, valueCoder, counterName)))
        .setCoder(StringUtf8Coder.of());
  }

  /** A bundle's records of each partition into one spool file; emits the partition and the spool's path. */
  static class SpoolFn<T> extends DoFn<KV<String, T>, KV<String, String>> {
    private final String spoolDirectory;
    private final PaneFormat<T> format;
    private final Coder<List<T>> coder;
    private transient Map<String, List<T>> partitions;
    private transient Instant earliest;
    private transient String bundleId;

    SpoolFn(String spoolDirectory, PaneFormat<T> format, Coder<T> valueCoder) {
      this.spoolDirectory = spoolDirectory;
      this.format = format;
      this.coder = ListCoder.of(valueCoder);
    }

    @StartBundle
    public void start() {
      partitions = new LinkedHashMap<>();
      earliest = BoundedWindow.TIMESTAMP_MAX_VALUE;
      bundleId = Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    @ProcessElement
    public void process(@Element KV<String, T> record, @Timestamp Instant timestamp) {
      partitions.computeIfAbsent(record.getKey(), k -> new ArrayList<>()).add(record.getValue());
      if (timestamp.isBefore(earliest)) {
        earliest = timestamp;
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext context) throws IOException {
      for (Map.Entry<String, List<T>> p : partitions.entrySet()) {
        List<String> ids = new ArrayList<>();
        for (T r : p.getValue()) {
          ids.add(format.identity(r));
        }
        Collections.sort(ids);
        String path = spoolDirectory + hash(p.getKey() + "\n" + String.join("\n", ids)) + "-" + bundleId + ".spool";
        ResourceId spool = FileSystems.matchNewResource(path, false);
        try (OutputStream out = Channels.newOutputStream(FileSystems.create(spool, "application/octet-stream"))) {
          coder.encode(p.getValue(), out);
        }
        context.output(KV.of(p.getKey(), path), earliest, GlobalWindow.INSTANCE);
      }
      partitions.clear();
    }
  }

  static class WriteFn<T> extends DoFn<KV<String, Iterable<String>>, String> {
    private final String directory;
    private final String runId;
    private final PaneFormat<T> format;
    private final Coder<List<T>> coder;
    private final Counter written;

    WriteFn(String directory, String runId, PaneFormat<T> format, Coder<T> valueCoder, String counterName) {
      this.directory = directory;
      this.runId = runId;
      this.format = format;
      this.coder = ListCoder.of(valueCoder);
      this.written = Metrics.counter(ParseChangeRecords.METRICS, counterName);
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<String>> pane, OutputReceiver<String> out) throws IOException {
      TreeSet<String> sorted = new TreeSet<>();
      pane.getValue().forEach(sorted::add);
      List<String> spools = new ArrayList<>(sorted);
      if (spools.isEmpty()) {
        return;
      }
      String name = "part-" + runId + "-" + hash(String.join("\n", spools)) + format.suffix();
      String folder = directory + (pane.getKey().isEmpty() ? "" : pane.getKey() + "/");
      ResourceId finalFile = FileSystems.matchNewResource(folder + name, false);
      if (!exists(finalFile)) {
        List<T> records = new ArrayList<>();
        for (String spool : spools) {
          try (InputStream in = Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(spool, false)))) {
            records.addAll(coder.decode(in));
          }
        }
        ResourceId tempFile = FileSystems.matchNewResource(folder + "." + name + ".inprogress", false);
        format.write(records, FileSystems.create(tempFile, format.mimeType()));
        FileSystems.rename(
            List.of(tempFile), List.of(finalFile), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
        written.inc(records.size());
      }
      List<ResourceId> done = new ArrayList<>();
      spools.forEach(s -> done.add(FileSystems.matchNewResource(s, false)));
      FileSystems.delete(done, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      out.output(finalFile.toString());
    }

    private static boolean exists(ResourceId file) throws IOException {
      MatchResult m = FileSystems.match(List.of(file.toString()), EmptyMatchTreatment.ALLOW).get(0);
      return m.status() == MatchResult.Status.OK && !m.metadata().isEmpty();
    }
  }

  static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        hex.append(String.format("%02x", d[i]));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

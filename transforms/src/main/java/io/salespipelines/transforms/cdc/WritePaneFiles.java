package io.salespipelines.transforms.cdc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.joda.time.Duration;

/**
 * Writes records keyed by partition folder ({@code dt=2025-06-01/hour=14}, or "" for none) in panes
 * of at most {@code buffer} of processing time, like Firehose's buffer: each pane of each partition
 * becomes one new file, {@code part-<runId>-<hash>.<suffix>}. A record whose partition was written
 * already (a late one, or a restarted run) lands in a new file beside the old ones: nothing is
 * overwritten or dropped. The name comes from the pane's content, so a retried pane rewrites the
 * same file instead of adding one; a file appears under its name only when complete (written under
 * a {@code .}-name first, which readers skip, then renamed).
 */
public class WritePaneFiles<T> extends PTransform<PCollection<KV<String, T>>, PDone> {
  private final String directory;
  private final String runId;
  private final Duration buffer;
  private final PaneFormat<T> format;
  private final String counterName;

  public WritePaneFiles(String directory, String runId, Duration buffer, PaneFormat<T> format, String counterName) {
    this.directory = directory.endsWith("/") ? directory : directory + "/";
    this.runId = runId;
    this.buffer = buffer;
    this.format = format;
    this.counterName = counterName;
  }

  @Override
  public PDone expand(PCollection<KV<String, T>> records) {
    @SuppressWarnings("unchecked")
    Coder<T> valueCoder = ((KvCoder<String, T>) records.getCoder()).getValueCoder();
    records
        .apply(
            "ProcessingTimePanes",
            Window.<KV<String, T>>into(new GlobalWindows())
                .triggering(Repeatedly.forever(AfterProcessingTime.pastFirstElementInPane().plusDelayOf(buffer)))
                .withAllowedLateness(Duration.ZERO)
                .discardingFiredPanes())
        .setCoder(KvCoder.of(StringUtf8Coder.of(), valueCoder))
        .apply("PerPartition", GroupByKey.create())
        .apply("WriteFile", ParDo.of(new WriteFn<>(directory, runId, format, counterName)));
    return PDone.in(records.getPipeline());
  }

  static class WriteFn<T> extends DoFn<KV<String, Iterable<T>>, Void> {
    private final String directory;
    private final String runId;
    private final PaneFormat<T> format;
    private final Counter written;

    WriteFn(String directory, String runId, PaneFormat<T> format, String counterName) {
      this.directory = directory;
      this.runId = runId;
      this.format = format;
      this.written = Metrics.counter(ParseChangeRecords.METRICS, counterName);
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<T>> pane, PaneInfo info) throws IOException {
      List<T> records = new ArrayList<>();
      pane.getValue().forEach(records::add);
      if (records.isEmpty()) {
        return;
      }
      List<String> ids = new ArrayList<>();
      for (T r : records) {
        ids.add(format.identity(r));
      }
      Collections.sort(ids);
      String name = "part-" + runId + "-" + hash(String.join("\n", ids)) + format.suffix();
      String folder = directory + (pane.getKey().isEmpty() ? "" : pane.getKey() + "/");
      ResourceId finalFile = FileSystems.matchNewResource(folder + name, false);
      ResourceId tempFile = FileSystems.matchNewResource(folder + "." + name + ".inprogress", false);
      format.write(records, FileSystems.create(tempFile, format.mimeType()));
      FileSystems.rename(
          List.of(tempFile), List.of(finalFile), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      written.inc(records.size());
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

package io.salespipelines.transforms.write;

import io.salespipelines.transforms.common.SpillAll;
import io.salespipelines.transforms.common.SpillByKey;
import io.salespipelines.transforms.common.SpillSegment;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Writes lines into exactly one text file, one line each, empty when there are none. The lines are
 * brought together through spill files ({@link SpillAll}) in a folder beside the file, deleted once
 * the file is written.
 *
 * <p>Not {@code TextIO.write().withoutSharding()}: its {@code WriteFiles} gathers the names of the
 * files it wrote through a side input, and Beam's Spark runner computes a side input while it
 * translates the pipeline, in a Spark job of its own before any other. A run's counts, rejected files and grand total were three
 * such jobs, each computing all it counts, one after another; here they are part of the run's one
 * job ({@code EndInOneSparkJob}), beside the other tables.
 */
public class WriteTextFile extends PTransform<PCollection<String>, PDone> {
  private final String path;
  private final String spillFolder;
  private final long spillBufferBytes;

  private WriteTextFile(String path, String spillFolder, long spillBufferBytes) {
    this.path = path;
    this.spillFolder = spillFolder;
    this.spillBufferBytes = spillBufferBytes;
  }

  /** Into {@code path}; the spill files go to {@code _spill-<file name>} in the same folder. */
  public static WriteTextFile to(String path) {
    int slash = path.lastIndexOf('/');
    String spill = path.substring(0, slash + 1) + "_spill-" + path.substring(slash + 1);
    return new WriteTextFile(path, spill, SpillByKey.DEFAULT_SPILL_BUFFER_BYTES);
  }

  /** Spill files in {@code folder} instead (a folder of their own: it is deleted as a whole). */
  public WriteTextFile withSpillFolder(String folder) {
    return new WriteTextFile(path, folder, spillBufferBytes);
  }

  /** Spills a bundle's lines whenever their encoded form reaches {@code bytes}. */
  public WriteTextFile withSpillBufferBytes(long bytes) {
    return new WriteTextFile(path, spillFolder, bytes);
  }

  @Override
  public PDone expand(PCollection<String> lines) {
    lines
        .apply("SpillLines", new SpillAll<String>(spillFolder, spillBufferBytes))
        .apply("WriteFile", ParDo.of(new WriteFileFn(path)))
        .setCoder(StringUtf8Coder.of())
        .apply("FileWritten", new SpillByKey.DeleteSpillFolder<>(spillFolder));
    return PDone.in(lines.getPipeline());
  }

  /** Streams every spilled line, segment after segment, into the one file. */
  static class WriteFileFn extends DoFn<List<SpillSegment>, String> {
    private final String path;

    WriteFileFn(String path) {
      this.path = path;
    }

    @ProcessElement
    public void process(@Element List<SpillSegment> segments, OutputReceiver<String> out) throws IOException {
      // A retry rewrites the file.
      try (Writer file =
          new BufferedWriter(
              new OutputStreamWriter(
                  Channels.newOutputStream(FileSystems.create(FileSystems.matchNewResource(path, false), MimeTypes.TEXT)),
                  StandardCharsets.UTF_8),
              1 << 16)) {
        for (SpillSegment segment : segments) {
          segment.forEach(StringUtf8Coder.of(), line -> {
            try {
              file.write(line);
              file.write('\n');
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
        }
      }
      out.output(path);
    }
  }
}

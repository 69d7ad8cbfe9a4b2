package io.salespipelines.transforms.parse;

import io.salespipelines.schemas.ValueLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Splits each big uncompressed landing file into ranges of about {@code rangeBytes} that can be
 * read in parallel ({@link ReadFileRanges}); any other file is one range, read whole.
 *
 * <p>Beam's text sources split a file at byte offsets and let each range start at the first line
 * break after its offset. That does not work for CSV: a quoted field may span lines, and whether a
 * line break is inside quotes depends on every byte before it (with FastCSV's rules a quote inside
 * an unquoted field is text, so even counting quotes does not tell). Records also carry their exact
 * line numbers. So a file is first scanned once, sequentially, with the same state machine that
 * cuts its records ({@link RecordSplitter#skip()}, which keeps no bytes), and the scan notes a
 * position between records, with its line, about every {@code rangeBytes}: each range starts
 * exactly there, in the state the scan had there. The scan reads at several hundred MB/s, much
 * faster than the records are parsed.
 *
 * <p>The file's head is read by the job's {@link FileHead} first: a file whose head the reader
 * would reject (a bad CSV header, a UTF-16 file) is not split, so the reader reports it once. A
 * file that cannot be scanned, or that changes while it is scanned, is not split either: the
 * reader then meets the same fault and reports it as for any file.
 */
public class PlanFileRanges extends PTransform<PCollection<String>, PCollection<FileRange>> {
  private final FileHead head;
  private final long rangeBytes;
  private final String namespace;

  /**
   * @param namespace metrics namespace: counts {@code files_split} and {@code ranges_planned}
   */
  public PlanFileRanges(String namespace, FileHead head, long rangeBytes) {
    if (rangeBytes < 1) {
      throw new IllegalArgumentException("rangeBytes must be positive: " + rangeBytes);
    }
    this.namespace = namespace;
    this.head = head;
    this.rangeBytes = rangeBytes;
  }

  @Override
  public PCollection<FileRange> expand(PCollection<String> paths) {
    return paths.apply("PlanRanges", ParDo.of(new PlanFn(namespace, head, rangeBytes))).setCoder(FileRange.CODER);
  }

  static final class PlanFn extends DoFn<String, FileRange> {
    private final FileHead head;
    private final long rangeBytes;
    private final Counter filesSplit;
    private final Counter rangesPlanned;

    PlanFn(String namespace, FileHead head, long rangeBytes) {
      this.head = head;
      this.rangeBytes = rangeBytes;
      this.filesSplit = Metrics.counter(namespace, "files_split");
      this.rangesPlanned = Metrics.counter(namespace, "ranges_planned");
    }

    @ProcessElement
    public void process(@Element String path, OutputReceiver<FileRange> out) {
      List<FileRange> ranges = plan(path, head, rangeBytes);
      if (ranges.size() > 1) {
        filesSplit.inc();
      }
      rangesPlanned.inc(ranges.size());
      ranges.forEach(out::output);
    }
  }

  /** The ranges of one file: one, or several that together hold every record once. */
  public static List<FileRange> plan(String path, FileHead head, long rangeBytes) {
    long readId = ThreadLocalRandom.current().nextLong();
    Boolean csv = head.csvRecords(ParseSalesFile.fileName(path));
    if (csv == null) {
      return List.of(FileRange.whole(path, readId, -1));
    }
    try (LandingFile file = LandingFile.open(path)) {
      long size = file.sizeAtOpen();
      if (size <= rangeBytes) {
        return List.of(FileRange.whole(path, readId, size));
      }
      RecordSplitter splitter =
          new RecordSplitter(file.content(false), csv, ValueLimits.MAX_RECORD_BYTES);
      String headText = head.read(splitter, path);
      if (headText == null) {
        return List.of(FileRange.whole(path, readId, size));
      }
      // Starts of ranges after the first: (offset, line) pairs.
      List<long[]> starts = new ArrayList<>();
      long next = rangeBytes;
      while (splitter.skip()) {
        if (splitter.roughPosition() >= next) {
          long at = splitter.position();
          starts.add(new long[] {at, splitter.line()});
          next = at + rangeBytes;
        }
      }
      long end = splitter.position();
      while (!starts.isEmpty() && starts.get(starts.size() - 1)[0] >= end) {
        starts.remove(starts.size() - 1); // no record after it
      }
      if (starts.isEmpty() || end != size || file.changeSinceOpened() != null) {
        return List.of(FileRange.whole(path, readId, size));
      }
      List<FileRange> ranges = new ArrayList<>();
      int count = starts.size() + 1;
      long from = 0;
      long line = 1;
      for (int i = 0; i < count; i++) {
        long to = i < starts.size() ? starts.get(i)[0] : RecordRange.END;
        ranges.add(new FileRange(path, readId, i, count, size, from, to, line, headText));
        if (i < starts.size()) {
          from = starts.get(i)[0];
          line = starts.get(i)[1];
        }
      }
      return ranges;
    } catch (IOException | RuntimeException e) {
      // The reader meets the same fault and reports it, as for a file that was not split.
      return List.of(FileRange.whole(path, readId, -1));
    }
  }
}

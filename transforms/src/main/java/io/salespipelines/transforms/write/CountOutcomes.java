package io.salespipelines.transforms.write;

import io.salespipelines.schemas.DeadLetter;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Counts what the run accepted and rejected, from the data itself rather than from metrics (which
 * some runners report only as attempted), and writes {@code label<TAB>count} lines for the run
 * record. Labels: {@code valid} (the accepted records, whatever the job's record type), {@code
 * row:<error_type>}, {@code file:<error_type>}, and any further labelled collection a job adds with
 * {@link #and} (e.g. item lines read and written). The same counts feed Beam metrics for the live
 * summary.
 */
public class CountOutcomes extends PTransform<PBegin, PDone> {
  public static final String VALID = "valid";
  public static final String ROW = "row:";
  public static final String FILE = "file:";

  private final PCollection<?> accepted;
  private final PCollection<DeadLetter> deadLetters;
  private final String countsFile;
  private final String rejectedFilesFile;
  private final List<KV<String, PCollection<?>>> extra;

  /**
   * @param accepted the records the run accepted, counted as {@code valid}
   * @param countsFile where the {@code label<TAB>count} lines go
   * @param rejectedFilesFile where the {@code error_type<TAB>source} lines ({@link #rejectedFileLine})
   *     of the files rejected whole go, so the driver can record and archive them
   */
  public CountOutcomes(
      PCollection<?> accepted,
      PCollection<DeadLetter> deadLetters,
      String countsFile,
      String rejectedFilesFile) {
    this(accepted, deadLetters, countsFile, rejectedFilesFile, List.of());
  }

  private CountOutcomes(
      PCollection<?> accepted,
      PCollection<DeadLetter> deadLetters,
      String countsFile,
      String rejectedFilesFile,
      List<KV<String, PCollection<?>>> extra) {
    this.accepted = accepted;
    this.deadLetters = deadLetters;
    this.countsFile = countsFile;
    this.rejectedFilesFile = rejectedFilesFile;
    this.extra = extra;
  }

  /** Also counts the elements of {@code collection}, under {@code label}. */
  public CountOutcomes and(String label, PCollection<?> collection) {
    if (label.equals(VALID) || label.startsWith(ROW) || label.startsWith(FILE)) {
      throw new IllegalArgumentException("label is taken: " + label);
    }
    List<KV<String, PCollection<?>>> more = new ArrayList<>(extra);
    more.add(KV.of(label, collection));
    return new CountOutcomes(accepted, deadLetters, countsFile, rejectedFilesFile, List.copyOf(more));
  }

  @Override
  public PDone expand(PBegin begin) {
    PCollection<String> dead =
        deadLetters.apply(
            "LabelDead",
            MapElements.into(TypeDescriptors.strings())
                .via(d -> (d.coversWholeFile() ? FILE : ROW) + d.getErrorType()));
    deadLetters
        .apply("WholeFiles", Filter.by(DeadLetter::coversWholeFile))
        .apply(
            "FormatRejected",
            MapElements.into(TypeDescriptors.strings()).via(d -> rejectedFileLine(d.getErrorType(), d.getSource())))
        .apply("WriteRejected", WriteTextFile.to(rejectedFilesFile));
    PCollectionList<String> labels = PCollectionList.of(label(accepted, VALID, "LabelValid")).and(dead);
    for (KV<String, PCollection<?>> counted : extra) {
      labels = labels.and(label(counted.getValue(), counted.getKey(), "Label " + counted.getKey()));
    }
    return labels
        .apply("AllLabels", Flatten.pCollections())
        .apply("CountPerLabel", Count.perElement())
        .apply(
            "Format",
            MapElements.into(TypeDescriptors.strings())
                .via(
                    (KV<String, Long> kv) -> {
                      Metrics.counter("outcomes", kv.getKey()).inc(kv.getValue());
                      return kv.getKey() + "\t" + kv.getValue();
                    }))
        .apply("WriteCounts", WriteTextFile.to(countsFile));
  }

  /**
   * A line of the rejected-files file: the error type, a tab and the file's path URL-encoded, since
   * a path may hold a tab or a line break. Raw, such a path was cut and its file recorded in the
   * ledger as processed: a file rejected whole was archived with the processed ones, and one that
   * failed to read during the pipeline would not have been read again.
   */
  public static String rejectedFileLine(String errorType, String source) {
    return errorType + "\t" + URLEncoder.encode(source, StandardCharsets.UTF_8);
  }

  /** The path and the error type of a {@link #rejectedFileLine}, or null for a blank line. */
  public static @Nullable KV<String, String> parseRejectedFileLine(String line) {
    int tab = line.indexOf('\t');
    if (tab <= 0) {
      return null;
    }
    return KV.of(URLDecoder.decode(line.substring(tab + 1), StandardCharsets.UTF_8), line.substring(0, tab));
  }

  private static <T> PCollection<String> label(PCollection<T> records, String label, String step) {
    return records.apply(step, MapElements.into(TypeDescriptors.strings()).via((T record) -> label));
  }
}

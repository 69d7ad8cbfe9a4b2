package io.salespipelines.transforms.write;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.EnrichedSale;
import org.apache.beam.sdk.io.TextIO;
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

/**
 * Counts what the run accepted and rejected, from the data itself rather than from metrics (which
 * some runners report only as attempted), and writes {@code label<TAB>count} lines for the run
 * record. Labels: {@code valid}, {@code row:<error_type>}, {@code file:<error_type>}. The same
 * counts feed Beam metrics for the live summary.
 */
public class CountOutcomes extends PTransform<PBegin, PDone> {
  public static final String VALID = "valid";
  public static final String ROW = "row:";
  public static final String FILE = "file:";

  private final PCollection<EnrichedSale> accepted;
  private final PCollection<DeadLetter> deadLetters;
  private final String countsFile;
  private final String rejectedFilesFile;

  /**
   * @param countsFile where the {@code label<TAB>count} lines go
   * @param rejectedFilesFile where the {@code error_type<TAB>source} lines of the files rejected
   *     whole go, so the driver can record and archive them
   */
  public CountOutcomes(
      PCollection<EnrichedSale> accepted,
      PCollection<DeadLetter> deadLetters,
      String countsFile,
      String rejectedFilesFile) {
    this.accepted = accepted;
    this.deadLetters = deadLetters;
    this.countsFile = countsFile;
    this.rejectedFilesFile = rejectedFilesFile;
  }

  @Override
  public PDone expand(PBegin begin) {
    PCollection<String> valid =
        accepted.apply("LabelValid", MapElements.into(TypeDescriptors.strings()).via(s -> VALID));
    PCollection<String> dead =
        deadLetters.apply(
            "LabelDead",
            MapElements.into(TypeDescriptors.strings())
                .via(d -> (d.coversWholeFile() ? FILE : ROW) + d.getErrorType()));
    deadLetters
        .apply("WholeFiles", Filter.by(DeadLetter::coversWholeFile))
        .apply(
            "FormatRejected",
            MapElements.into(TypeDescriptors.strings()).via(d -> d.getErrorType() + "\t" + d.getSource()))
        .apply("WriteRejected", TextIO.write().to(rejectedFilesFile).withoutSharding());
    return PCollectionList.of(valid)
        .and(dead)
        .apply("AllLabels", Flatten.pCollections())
        .apply("CountPerLabel", Count.perElement())
        .apply(
            "Format",
            MapElements.into(TypeDescriptors.strings())
                .via(
                    (KV<String, Long> kv) -> {
                      Metrics.counter("sales-marts", kv.getKey()).inc(kv.getValue());
                      return kv.getKey() + "\t" + kv.getValue();
                    }))
        .apply("WriteCounts", TextIO.write().to(countsFile).withoutSharding());
  }
}

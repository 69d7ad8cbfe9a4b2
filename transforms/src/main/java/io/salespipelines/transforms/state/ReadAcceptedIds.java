package io.salespipelines.transforms.state;

import io.salespipelines.transforms.common.WhenComplete;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The transaction ids that earlier runs over the same output accepted, read from the
 * transaction_id column of {@code _state/accepted_sales} alone (Parquet projection): the id index
 * the duplicate check needs, without reading the rows. No files yet is an empty collection, as for
 * a first run.
 */
public class ReadAcceptedIds extends PTransform<PBegin, PCollection<String>> {
  static final String ID = "transaction_id";

  private final String filepattern;
  private final List<PCollection<?>> after;
  private final @Nullable KeepIf<?, String> keepIf;

  public ReadAcceptedIds(String filepattern) {
    this(filepattern, List.of(), null);
  }

  private ReadAcceptedIds(String filepattern, List<PCollection<?>> after, @Nullable KeepIf<?, String> keepIf) {
    this.filepattern = filepattern;
    this.after = after;
    this.keepIf = keepIf;
  }

  /** Starts reading only once these collections are complete (see {@code Reread}). */
  public ReadAcceptedIds after(List<PCollection<?>> signals) {
    return new ReadAcceptedIds(filepattern, List.copyOf(signals), keepIf);
  }

  /**
   * Only the ids the filter keeps, dropped as they are read ({@link ReadParquetFiles#keeping}): a
   * run needs only the earlier ids it may repeat, a few of every earlier run's.
   */
  public ReadAcceptedIds keeping(KeepIf<?, String> filter) {
    return new ReadAcceptedIds(filepattern, after, filter);
  }

  @Override
  public PCollection<String> expand(PBegin begin) {
    PCollection<String> pattern =
        begin.apply("StateFilePattern", Create.of(filepattern).withCoder(StringUtf8Coder.of()));
    if (!after.isEmpty()) {
      pattern = pattern.apply("WhenReady", WhenComplete.of(after));
    }
    ReadParquetFiles<String> read = ReadParquetFiles.stringColumn(ID);
    return pattern
        .apply("MatchStateFiles", new MatchStateFiles())
        .apply("OpenStateFiles", FileIO.readMatches())
        .apply("ReadIdColumn", keepIf == null ? read : read.keeping(keepIf));
  }
}

package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.ParsedOrder;
import io.salespipelines.transforms.parse.BoundedSplittableOutput;
import io.salespipelines.transforms.parse.FileRange;
import io.salespipelines.transforms.parse.ParseSalesFile;
import io.salespipelines.transforms.parse.PlanFileRanges;
import io.salespipelines.transforms.parse.RangeCursor;
import io.salespipelines.transforms.parse.ReadFileRanges;
import io.salespipelines.transforms.parse.RecordRange;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads order files (given by path) into {@link ParsedOrder}s (SPEC 2.1). A file is JSON lines, one
 * order per non-blank line, or, when its first non-blank character is {@code [}, one JSON array of
 * orders (pretty-printed or not), each numbered by the line its object starts on.
 *
 * <p>Read as sales-marts reads its landing files: an uncompressed JSON-lines file bigger than
 * {@code rangeBytes} (64 MiB) is planned into ranges that start at line starts ({@link
 * PlanFileRanges}), spread over the workers and read in parallel; every file is read by a
 * splittable {@link ReadFileRanges} a block of orders at a time, so a runner hands the orders on
 * while the file is still being read instead of holding all of them. A gzip file and a JSON array
 * cannot be split: each is one range, streamed, its open reader parked between resumed calls.
 * Memory holds a block of orders (and one array element or one line of at most {@link
 * io.salespipelines.schemas.ValueLimits#MAX_RECORD_BYTES} bytes), not the file.
 *
 * <p>Dead letters: see {@link OrderFileCursor}; the orders read before a break stand, as in
 * sales-marts.
 */
public class ParseOrderFile
    extends PTransform<PCollection<String>, WithFailures.Result<PCollection<ParsedOrder>, DeadLetter>> {
  static final TupleTag<ParsedOrder> ORDERS = new TupleTag<ParsedOrder>() {};
  static final TupleTag<DeadLetter> FAILURES = new TupleTag<DeadLetter>() {};
  static final String METRICS = "orders-analytics";

  private final long rangeBytes;
  private final int blockRecords;
  private final boolean parkCursors;

  public ParseOrderFile() {
    this(ParseSalesFile.DEFAULT_RANGE_BYTES, ParseSalesFile.DEFAULT_BLOCK_RECORDS, true);
  }

  private ParseOrderFile(long rangeBytes, int blockRecords, boolean parkCursors) {
    this.rangeBytes = rangeBytes;
    this.blockRecords = blockRecords;
    this.parkCursors = parkCursors;
  }

  /** Reads uncompressed JSON-lines files bigger than this in ranges of about this many bytes. */
  public ParseOrderFile withRangeBytes(long rangeBytes) {
    return new ParseOrderFile(rangeBytes, blockRecords, parkCursors);
  }

  /** Reads this many orders between claims (and so at most this many per bundle on Direct). */
  public ParseOrderFile withBlockRecords(int blockRecords) {
    return new ParseOrderFile(rangeBytes, blockRecords, parkCursors);
  }

  /** Opens the file again on every resumed call instead of going on with the open cursor (tests). */
  ParseOrderFile withoutParkedCursors() {
    return new ParseOrderFile(rangeBytes, blockRecords, false);
  }

  @Override
  public WithFailures.Result<PCollection<ParsedOrder>, DeadLetter> expand(PCollection<String> paths) {
    BoundedSplittableOutput.requestFor(paths.getPipeline());
    PCollection<FileRange> ranges =
        paths
            .apply("PlanRanges", new PlanFileRanges(METRICS, new OrderFileHead(), rangeBytes))
            // A file's ranges come out of one worker; spread them so that all workers read.
            .apply("SpreadRanges", Reshuffle.<FileRange>viaRandomKey());
    PCollectionTuple parsed =
        ranges.apply(
            "ReadOrders",
            ParDo.of(new ReadOrderRanges(blockRecords, parkCursors))
                .withOutputTags(ORDERS, TupleTagList.of(FAILURES)));
    return WithFailures.Result.of(parsed, ORDERS, FAILURES);
  }

  static final class ReadOrderRanges extends ReadFileRanges<ParsedOrder> {
    ReadOrderRanges(int blockRecords, boolean parkCursors) {
      super(METRICS, ORDERS, blockRecords, parkCursors);
    }

    @Override
    protected RangeCursor open(FileRange file, RecordRange range) {
      return new OrderFileCursor(file, range);
    }
  }
}

package io.salespipelines.transforms.cdc;

import io.salespipelines.schemas.CdcEvent;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.ErrorType;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Parses change records (failsafe): every input ends as one {@link CdcEvent}, stamped with its event
 * time (ApproximateCreationDateTime), or as one {@link DeadLetter}.
 */
public class ParseChangeRecords extends PTransform<PCollection<RawChange>, PCollectionTuple> {
  public static final TupleTag<CdcEvent> EVENTS = new TupleTag<CdcEvent>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<DeadLetter>() {};
  /** Metrics namespace of the job's counters. */
  public static final String METRICS = "orders-cdc";
  private final FutureBound future;

  /** With the default bound on event times in the future ({@link FutureBound#DEFAULT}). */
  public ParseChangeRecords() {
    this(FutureBound.of(FutureBound.DEFAULT));
  }

  public ParseChangeRecords(FutureBound future) {
    this.future = future;
  }

  @Override
  public PCollectionTuple expand(PCollection<RawChange> records) {
    PCollectionTuple out =
        records.apply(
            "ParseAndFlatten",
            ParDo.of(new ParseFn(future)).withOutputTags(EVENTS, TupleTagList.of(DEAD_LETTERS)));
    return out;
  }

  static class ParseFn extends DoFn<RawChange, CdcEvent> {
    private final Counter read = Metrics.counter(METRICS, "records_read");
    private final Counter dead = Metrics.counter(METRICS, "dead_letters");
    private final FutureBound future;

    ParseFn(FutureBound future) {
      this.future = future;
    }

    @ProcessElement
    public void process(@Element RawChange raw, MultiOutputReceiver out) {
      if (raw.isWholeFile()) {
        Metrics.counter(METRICS, "files_rejected").inc();
        out.get(DEAD_LETTERS)
            .output(DeadLetter.of(raw.getSource(), 0, ErrorType.WRONG_FILE_TYPE, null, raw.getMessage(), raw.getText()));
        return;
      }
      read.inc();
      if (raw.getRejectedAs() != null) {
        dead.inc();
        ErrorType type = rejectedAs(raw.getRejectedAs());
        Metrics.counter(METRICS, "dead_letters_" + type.code()).inc();
        out.get(DEAD_LETTERS)
            .output(DeadLetter.of(raw.getSource(), raw.getLine(), type, null, raw.getMessage(), raw.getText()));
        return;
      }
      try {
        CdcEvent event = ChangeRecordParser.parse(raw.getText());
        if (raw.getSourceWatermarkMillis() != null) {
          event = event.withSourceWatermarkMillis(raw.getSourceWatermarkMillis());
        }
        future.check(event);
        out.get(EVENTS).outputWithTimestamp(event, Instant.ofEpochSecond(event.getCreationTime()));
      } catch (ChangeRecordException e) {
        dead.inc();
        Metrics.counter(METRICS, "dead_letters_" + e.type().code()).inc();
        out.get(DEAD_LETTERS)
            .output(DeadLetter.of(raw.getSource(), raw.getLine(), e.type(), e.field(), e.getMessage(), raw.getText()));
      }
    }

    private static ErrorType rejectedAs(String code) {
      for (ErrorType type : ErrorType.values()) {
        if (type.code().equals(code)) {
          return type;
        }
      }
      return ErrorType.MALFORMED;
    }

    /**
     * Records from a stream carry their arrival time; the event time is earlier, by any amount for a
     * replayed stream. Event time is what the windows use, so the record is moved back to it.
     */
    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return Duration.millis(Long.MAX_VALUE);
    }
  }
}

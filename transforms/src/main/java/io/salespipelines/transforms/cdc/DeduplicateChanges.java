package io.salespipelines.transforms.cdc;

import io.salespipelines.schemas.CdcEvent;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Keeps the first of the changes that share an eventID (SPEC 3.1: a record seen before is the same
 * change, written and counted once). A per-eventID flag in Beam state, in the global window so that
 * no record is ever dropped for lateness.
 *
 * <p>With {@code expireState} the flag is cleared by an event-time timer {@code dedupHours} after the
 * change's event time, which bounds the state. Beam 2.62's Spark runner rejects every timer in
 * streaming mode ({@code TranslationUtils.rejectTimers}), so there the flags are kept for the run:
 * memory grows with the distinct eventIDs of the run (see the README).
 */
public class DeduplicateChanges extends PTransform<PCollection<CdcEvent>, PCollection<CdcEvent>> {
  private final Duration keepFor;
  private final boolean expireState;

  public DeduplicateChanges(Duration keepFor, boolean expireState) {
    this.keepFor = keepFor;
    this.expireState = expireState;
  }

  @Override
  public PCollection<CdcEvent> expand(PCollection<CdcEvent> events) {
    PCollection<KV<String, CdcEvent>> keyed =
        events
            .apply("InGlobalWindow", Window.<CdcEvent>into(new GlobalWindows()))
            .apply("ByEventId", WithKeys.of((CdcEvent e) -> e.getEventId()).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), events.getCoder()));
    PCollection<CdcEvent> first =
        expireState
            ? keyed.apply("FirstPerEventId", ParDo.of(new ExpiringFirstFn(keepFor)))
            : keyed.apply("FirstPerEventId", ParDo.of(new FirstFn()));
    return first.setCoder(events.getCoder());
  }

  static class FirstFn extends DoFn<KV<String, CdcEvent>, CdcEvent> {
    private final Counter duplicates = Metrics.counter(ParseChangeRecords.METRICS, "duplicates");

    @StateId("seen")
    private final StateSpec<ValueState<Boolean>> seenSpec = StateSpecs.value(BooleanCoder.of());

    @ProcessElement
    public void process(@Element KV<String, CdcEvent> e, @StateId("seen") ValueState<Boolean> seen, OutputReceiver<CdcEvent> out) {
      if (seen.read() != null) {
        duplicates.inc();
        return;
      }
      seen.write(true);
      out.output(e.getValue());
    }
  }

  static class ExpiringFirstFn extends DoFn<KV<String, CdcEvent>, CdcEvent> {
    private final Counter duplicates = Metrics.counter(ParseChangeRecords.METRICS, "duplicates");
    private final Duration keepFor;

    @StateId("seen")
    private final StateSpec<ValueState<Boolean>> seenSpec = StateSpecs.value(BooleanCoder.of());

    @TimerId("forget")
    private final TimerSpec forgetSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    ExpiringFirstFn(Duration keepFor) {
      this.keepFor = keepFor;
    }

    @ProcessElement
    public void process(
        @Element KV<String, CdcEvent> e,
        @Timestamp Instant timestamp,
        @StateId("seen") ValueState<Boolean> seen,
        @TimerId("forget") Timer forget,
        OutputReceiver<CdcEvent> out) {
      if (seen.read() != null) {
        duplicates.inc();
        return;
      }
      seen.write(true);
      Instant at = timestamp.plus(keepFor);
      Instant last = org.apache.beam.sdk.transforms.windowing.GlobalWindow.INSTANCE.maxTimestamp();
      forget.set(at.isAfter(last) ? last : at);
      out.output(e.getValue());
    }

    @OnTimer("forget")
    public void forget(@StateId("seen") ValueState<Boolean> seen) {
      seen.clear();
    }
  }
}

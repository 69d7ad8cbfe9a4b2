package io.salespipelines.transforms.cdc;

import io.salespipelines.schemas.CdcEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
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
 * Keeps the first of the changes that share an eventID (SPEC 3.1: a record seen before within
 * --dedupHours is the same change, written and counted once).
 *
 * <p>The eventIDs seen are kept in Beam state, in the global window (so that no record is ever
 * dropped for lateness), in a fixed number of hash buckets: the Direct runner processes a stateful
 * step one key at a time, so a key per eventID would make it crawl. Each bucket's ids are one value
 * (a map), read and written once per batch of changes ({@link BatchPerBundle}): a map state would
 * cost a state access per change, and Spark's map state re-encodes the whole map on every put. An
 * eventID is forgotten once the bucket has seen an event time {@code keepFor} later than its own.
 * That expiry needs no timer: Beam 2.62's Spark runner rejects every timer in streaming mode
 * ({@code TranslationUtils.rejectTimers}), and event-time timers per eventID also slowed the Direct
 * runner to a crawl.
 */
public class DeduplicateChanges extends PTransform<PCollection<CdcEvent>, PCollection<CdcEvent>> {
  static final int BUCKETS = 4;
  private final Duration keepFor;

  public DeduplicateChanges(Duration keepFor) {
    this.keepFor = keepFor;
  }

  @Override
  public PCollection<CdcEvent> expand(PCollection<CdcEvent> events) {
    return events
        .apply("InGlobalWindow", Window.<CdcEvent>into(new GlobalWindows()))
        .apply(
            "ByBucket",
            WithKeys.of((CdcEvent e) -> Math.floorMod(e.getEventId().hashCode(), BUCKETS))
                .withKeyType(TypeDescriptors.integers()))
        .setCoder(KvCoder.of(VarIntCoder.of(), events.getCoder()))
        .apply("BatchPerBucket", new BatchPerBundle<>())
        .apply("FirstPerEventId", ParDo.of(new FirstFn(keepFor.getMillis())))
        .setCoder(events.getCoder());
  }

  static class FirstFn extends DoFn<KV<Integer, List<CdcEvent>>, CdcEvent> {
    private final Counter duplicates = Metrics.counter(ParseChangeRecords.METRICS, "duplicates");
    private final long keepMillis;

    /** eventID -> its event time (epoch ms). */
    @StateId("seen")
    private final StateSpec<ValueState<Map<String, Long>>> seenSpec =
        StateSpecs.value(MapCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));

    /** The latest event time the bucket has seen, and the one at its last sweep. */
    @StateId("clock")
    private final StateSpec<ValueState<KV<Long, Long>>> clockSpec =
        StateSpecs.value(KvCoder.of(VarLongCoder.of(), VarLongCoder.of()));

    FirstFn(long keepMillis) {
      this.keepMillis = keepMillis;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, List<CdcEvent>> element,
        @StateId("seen") ValueState<Map<String, Long>> seen,
        @StateId("clock") ValueState<KV<Long, Long>> clock,
        OutputReceiver<CdcEvent> out) {
      Map<String, Long> ids = seen.read();
      if (ids == null) {
        ids = new HashMap<>();
      }
      KV<Long, Long> c = clock.read();
      long latest = c == null ? Long.MIN_VALUE : c.getKey();
      long swept = c == null ? Long.MIN_VALUE : c.getValue();
      for (CdcEvent e : element.getValue()) {
        long time = e.getCreationTime() * 1000L;
        if (ids.putIfAbsent(e.getEventId(), time) != null) {
          duplicates.inc();
          continue;
        }
        out.outputWithTimestamp(e, new Instant(time));
        latest = Math.max(latest, time);
        if (swept == Long.MIN_VALUE) {
          swept = time;
        }
      }
      // Sweep now and then (every quarter of keepFor of event time), not on every change.
      if (latest - swept > keepMillis / 4) {
        long horizon = latest - keepMillis;
        ids.values().removeIf(t -> t < horizon);
        swept = latest;
      }
      seen.write(ids);
      clock.write(KV.of(latest, swept));
    }
  }
}

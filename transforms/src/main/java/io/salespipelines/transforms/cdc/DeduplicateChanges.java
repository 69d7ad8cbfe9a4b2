package io.salespipelines.transforms.cdc;

import io.salespipelines.schemas.CdcEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.MapState;
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

/**
 * Keeps the first of the changes that share an eventID (SPEC 3.1: a record seen before within
 * --dedupHours is the same change, written and counted once).
 *
 * <p>The eventIDs seen are kept in Beam state, in the global window (so that no record is ever
 * dropped for lateness), in a fixed number of hash buckets: the Direct runner processes a stateful
 * step one key at a time, so a key per eventID would make it crawl. An eventID is forgotten once
 * the bucket has seen an event time {@code keepFor} later than its own. That expiry needs no timer:
 * Beam 2.62's Spark runner rejects every timer in streaming mode ({@code TranslationUtils.rejectTimers}),
 * and event-time timers per eventID also slowed the Direct runner to a crawl.
 */
public class DeduplicateChanges extends PTransform<PCollection<CdcEvent>, PCollection<CdcEvent>> {
  static final int BUCKETS = 64;
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
        .apply("FirstPerEventId", ParDo.of(new FirstFn(keepFor.getMillis())))
        .setCoder(events.getCoder());
  }

  static class FirstFn extends DoFn<KV<Integer, CdcEvent>, CdcEvent> {
    private final Counter duplicates = Metrics.counter(ParseChangeRecords.METRICS, "duplicates");
    private final long keepMillis;

    @StateId("seen")
    private final StateSpec<MapState<String, Long>> seenSpec = StateSpecs.map(StringUtf8Coder.of(), VarLongCoder.of());

    /** The latest event time the bucket has seen, and the one at its last sweep. */
    @StateId("clock")
    private final StateSpec<ValueState<KV<Long, Long>>> clockSpec =
        StateSpecs.value(KvCoder.of(VarLongCoder.of(), VarLongCoder.of()));

    FirstFn(long keepMillis) {
      this.keepMillis = keepMillis;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, CdcEvent> element,
        @StateId("seen") MapState<String, Long> seen,
        @StateId("clock") ValueState<KV<Long, Long>> clock,
        OutputReceiver<CdcEvent> out) {
      CdcEvent e = element.getValue();
      long time = e.getCreationTime() * 1000L;
      if (seen.get(e.getEventId()).read() != null) {
        duplicates.inc();
        return;
      }
      seen.put(e.getEventId(), time);
      out.output(e);
      KV<Long, Long> c = clock.read();
      long latest = c == null ? time : Math.max(c.getKey(), time);
      long swept = c == null ? time : c.getValue();
      // Sweep now and then (every quarter of keepFor of event time), not on every change.
      if (latest - swept > keepMillis / 4) {
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, Long> entry : seen.entries().read()) {
          if (entry.getValue() < latest - keepMillis) {
            expired.add(entry.getKey());
          }
        }
        expired.forEach(seen::remove);
        swept = latest;
      }
      clock.write(KV.of(latest, swept));
    }
  }
}

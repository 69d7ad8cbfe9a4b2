package io.salespipelines.transforms.cdc;

import io.salespipelines.schemas.ActivityContribution;
import io.salespipelines.schemas.CdcEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Fixed event-time windows of the changes (SPEC 3.2 order_activity). Each window fires early every
 * {@code windowSize} of processing time while it fills, once when the watermark passes its end,
 * and again for each late change within {@code allowedLateness}. A change later than that is
 * dropped here by Beam (it is still in cdc_events and orders_current) and counted as late.
 *
 * <p>Each pane carries the changes that came since the window's previous pane (discarding mode):
 * the row written for the window accumulates all the same, because the writer stores every change
 * by event_id and recomputes the row from all of them ({@link WriteOrderActivity}). Accumulating
 * panes would say the same thing at the cost of keeping, and re-sending, every window's changes in
 * the runner's state until the window closes. Every admitted change is in exactly one pane, so
 * {@code activity_admitted} counts them, and {@code late_records = distinct changes - admitted}.
 */
public class WindowOrderActivity extends PTransform<PCollection<CdcEvent>, PCollection<ActivityPane>> {
  private static final String KEY = "activity";
  private final Duration windowSize;
  private final Duration allowedLateness;

  public WindowOrderActivity(Duration windowSize, Duration allowedLateness) {
    this.windowSize = windowSize;
    this.allowedLateness = allowedLateness;
  }

  @Override
  public PCollection<ActivityPane> expand(PCollection<CdcEvent> events) {
    return events
        .apply(
            "FixedEventTimeWindows",
            Window.<CdcEvent>into(FixedWindows.of(windowSize))
                .triggering(
                    AfterWatermark.pastEndOfWindow()
                        .withEarlyFirings(AfterProcessingTime.pastFirstElementInPane().plusDelayOf(windowSize))
                        .withLateFirings(AfterPane.elementCountAtLeast(1)))
                .withAllowedLateness(allowedLateness)
                .discardingFiredPanes())
        .apply("Contribution", ParDo.of(new ContributionFn()))
        .setCoder(
            org.apache.beam.sdk.coders.KvCoder.of(
                org.apache.beam.sdk.coders.StringUtf8Coder.of(),
                SchemaCoders.of(events.getPipeline(), ActivityContribution.class)))
        .apply("PerWindow", GroupByKey.create())
        .apply("ToPane", ParDo.of(new ToPaneFn()))
        .setCoder(SchemaCoders.of(events.getPipeline(), ActivityPane.class));
  }

  static class ContributionFn extends DoFn<CdcEvent, KV<String, ActivityContribution>> {
    @ProcessElement
    public void process(@Element CdcEvent e, BoundedWindow window, OutputReceiver<KV<String, ActivityContribution>> out) {
      IntervalWindow w = (IntervalWindow) window;
      out.output(KV.of(KEY, ActivityContribution.of(e, w.start(), w.end())));
    }
  }

  static class ToPaneFn extends DoFn<KV<String, Iterable<ActivityContribution>>, ActivityPane> {
    private final Counter admitted = Metrics.counter(ParseChangeRecords.METRICS, "activity_admitted");

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<ActivityContribution>> group,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<ActivityPane> out) {
      IntervalWindow w = (IntervalWindow) window;
      List<ActivityContribution> all = new ArrayList<>();
      group.getValue().forEach(all::add);
      admitted.inc(all.size());
      out.output(ActivityPane.create(w.start(), w.end(), pane.getTiming().name(), pane.isLast(), all));
    }
  }
}

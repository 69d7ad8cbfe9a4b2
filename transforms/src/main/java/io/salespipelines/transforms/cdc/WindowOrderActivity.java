package io.salespipelines.transforms.cdc;

import io.salespipelines.schemas.ActivityContribution;
import io.salespipelines.schemas.CdcEvent;
import io.salespipelines.transforms.jdbc.JdbcTarget;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
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
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Fixed event-time windows of the changes (SPEC 3.2 order_activity). Each window fires early every
 * {@code windowSize} of processing time while it fills, once when the watermark passes its end,
 * and again for each late change within {@code allowedLateness}. A change later than that is
 * counted in {@code late_records} and left out here (it is still in cdc_events and orders_current).
 *
 * <p>Too late is decided by the source's watermark as the change was read: the watched folder's
 * (the latest event time of the files it had finished before the change's file), or a stream
 * record's arrival time. A change is too late when its window's last moment plus the allowed
 * lateness is before that. The decision is the same in every run over the same input, on either
 * runner. Beam's own allowed lateness is {@link #RUNNER_MARGIN} longer, so that the runner's
 * watermark, which can run ahead of the source's as a change was read, drops nothing this rule
 * keeps; a change without a source watermark is left to it. {@code late_records} counts the
 * changes this rule left out.
 *
 * <p>Each change's contribution is stored in order_activity_events before the grouping step
 * ({@link StoreContributionsFn}); the panes carry counts only, and the row written for the window
 * is recomputed from everything stored for it ({@link WriteOrderActivity}), so it accumulates over
 * discarding panes, replays and restarts. Every admitted change is counted in exactly one pane.
 */
public class WindowOrderActivity extends PTransform<PCollection<CdcEvent>, PCollection<ActivityPane>> {
  /**
   * Beam's own lateness is this much longer than the job's, so that the runner never drops a change
   * the job's rule keeps: Spark's watermark in a micro-batch is where the source stood at the end of
   * the batch's read, so it can run far ahead of the watermark as each change was read (with one
   * large backlog read in one micro-batch, measured: 37 changes dropped on Spark against 11 on Direct).
   */
  static final Duration RUNNER_MARGIN = Duration.standardDays(1);

  private final Duration windowSize;
  private final Duration allowedLateness;
  private final @Nullable JdbcTarget store;

  /** @param store where order_activity_events is; null to count only */
  public WindowOrderActivity(Duration windowSize, Duration allowedLateness, @Nullable JdbcTarget store) {
    this.windowSize = windowSize;
    this.allowedLateness = allowedLateness;
    this.store = store;
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
                .withAllowedLateness(allowedLateness.plus(RUNNER_MARGIN))
                .discardingFiredPanes())
        .apply("Contribution", ParDo.of(new ContributionFn(allowedLateness)))
        .setCoder(SchemaCoders.of(events.getPipeline(), ActivityContribution.class))
        .apply("StoreContributions", ParDo.of(new StoreContributionsFn(store)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
        .apply("PerWindow", GroupByKey.create())
        .apply("ToPane", ParDo.of(new ToPaneFn()))
        .setCoder(SchemaCoders.of(events.getPipeline(), ActivityPane.class));
  }

  /** What each change adds to its window; the changes too late by the source's watermark left out. */
  static class ContributionFn extends DoFn<CdcEvent, ActivityContribution> {
    private final Counter late = Metrics.counter(ParseChangeRecords.METRICS, "late_records");
    private final Duration allowedLateness;

    ContributionFn(Duration allowedLateness) {
      this.allowedLateness = allowedLateness;
    }

    @ProcessElement
    public void process(@Element CdcEvent e, BoundedWindow window, OutputReceiver<ActivityContribution> out) {
      Long sourceWatermark = e.getSourceWatermarkMillis();
      if (sourceWatermark != null && window.maxTimestamp().plus(allowedLateness).isBefore(sourceWatermark)) {
        late.inc();
        return;
      }
      IntervalWindow w = (IntervalWindow) window;
      out.output(ActivityContribution.of(e, w.start(), w.end()));
    }
  }

  static class ToPaneFn extends DoFn<KV<String, Iterable<Long>>, ActivityPane> {
    private final Counter admitted = Metrics.counter(ParseChangeRecords.METRICS, "activity_admitted");

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<Long>> group, BoundedWindow window, PaneInfo pane, OutputReceiver<ActivityPane> out) {
      IntervalWindow w = (IntervalWindow) window;
      long changes = 0;
      for (long n : group.getValue()) {
        changes += n;
      }
      admitted.inc(changes);
      out.output(ActivityPane.create(w.start(), w.end(), pane.getTiming().name(), pane.isLast(), changes));
    }
  }
}

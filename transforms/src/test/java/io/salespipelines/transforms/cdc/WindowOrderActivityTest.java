package io.salespipelines.transforms.cdc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.salespipelines.schemas.CdcEvent;
import io.salespipelines.schemas.OrderActivity;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/**
 * Event-time windows of 60 s with 300 s allowed lateness, driven by a TestStream: on-time changes,
 * a late one within the lateness, a too-late one, a duplicate and a change out of sequence order.
 */
public class WindowOrderActivityTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static TimestampedValue<CdcEvent> at(String id, String type, String order, String seq, long time, int qty, String price)
      throws Exception {
    CdcEvent e = ChangeRecordParser.parse(ChangeRecords.change(id, type, order, seq, time, qty, price));
    return TimestampedValue.of(e, Instant.ofEpochSecond(time));
  }

  @Test
  public void onTimeLateAndTooLateChanges() throws Exception {
    Coder<CdcEvent> coder = p.getSchemaRegistry().getSchemaCoder(CdcEvent.class);
    TestStream<CdcEvent> changes =
        TestStream.create(coder)
            .advanceWatermarkTo(Instant.ofEpochSecond(0))
            .addElements(
                at("a", "INSERT", "A", "10", 10, 2, "5.00"),
                at("b", "MODIFY", "A", "12", 20, 3, "5.00"))
            // The same change again (Kinesis delivers at least once), in a later bundle.
            .addElements(at("a", "INSERT", "A", "10", 10, 2, "5.00"))
            .advanceWatermarkTo(Instant.ofEpochSecond(70))
            // Late (the watermark passed the window's end) but within the 300 s allowed.
            .addElements(at("c", "INSERT", "C", "3", 30, 1, "1.00"))
            .advanceWatermarkTo(Instant.ofEpochSecond(400))
            // Too late: window [0, 60) closed at 60 + 300 for changes read when the source's
            // watermark stood at 400 s. (Beam itself would keep them: its lateness is a day longer.)
            .addElements(readAt(at("d", "INSERT", "D", "4", 40, 9, "9.00"), 400))
            .addElements(readAt(at("g", "INSERT", "G", "6", 50, 4, "2.00"), 400))
            // An older change of A (sequence 11 < 12) in the next window: counted there as a MODIFY.
            .addElements(at("f", "MODIFY", "A", "11", 390, 1, "5.00"), at("e", "REMOVE", "C", "5", 380, 1, "1.00"))
            .advanceWatermarkToInfinity();

    PCollection<CdcEvent> unique =
        p.apply(changes).apply(new DeduplicateChanges(Duration.standardHours(24)));
    PCollection<ActivityPane> panes =
        unique.apply(new WindowOrderActivity(Duration.standardSeconds(60), Duration.standardSeconds(300), null));

    PCollection<String> described =
        panes.apply("Describe", MapElements.into(TypeDescriptors.strings()).via(pane ->
            pane.getWindowStart().getMillis() / 1000 + ":" + pane.getTiming() + ":" + pane.getChanges()));
    // Window [0,60): on time with a and b (the duplicate of a dropped), late with c; d and g are too
    // late. Window [360,420): on time when the stream ends. Panes count what came since the last one;
    // the database row adds up the stored changes (WriteOrderActivityTest).
    PAssert.that(described).containsInAnyOrder("0:ON_TIME:2", "0:LATE:1", "360:ON_TIME:2");
    // The too-late changes still go on to cdc_events and orders_current.
    PAssert.that(unique.apply("Ids", MapElements.into(TypeDescriptors.strings()).via(CdcEvent::getEventId)))
        .containsInAnyOrder("a", "b", "c", "d", "e", "f", "g");

    PipelineResult result = p.run();
    result.waitUntilFinish();
    // 7 distinct changes, 5 admitted into windows: late_records = 7 - 5 = 2 (d and g).
    assertThat(counter(result, "activity_admitted"), equalTo(5L));
    assertThat(counter(result, "late_records"), equalTo(2L));
    assertThat(counter(result, "duplicates"), equalTo(1L));
  }

  /** The change as the source stamps it: read when the source's watermark stood at {@code seconds}. */
  private static TimestampedValue<CdcEvent> readAt(TimestampedValue<CdcEvent> change, long seconds) {
    return TimestampedValue.of(change.getValue().withSourceWatermarkMillis(seconds * 1000), change.getTimestamp());
  }

  static long counter(PipelineResult result, String name) {
    List<Long> values = new ArrayList<>();
    for (MetricResult<Long> c :
        result.metrics().queryMetrics(
            MetricsFilter.builder().addNameFilter(MetricNameFilter.named(ParseChangeRecords.METRICS, name)).build())
            .getCounters()) {
      values.add(c.getAttempted());
    }
    return values.stream().mapToLong(Long::longValue).sum();
  }

  static String describe(OrderActivity a) {
    return a.getWindowStart() + ".." + a.getWindowEnd() + " i=" + a.getInserts() + " m=" + a.getModifies()
        + " r=" + a.getRemoves() + " units=" + a.getUnits() + " value=" + a.getValue();
  }

  @Test
  public void aDuplicateIsDroppedOnlyWithinKeepFor() {
    Coder<CdcEvent> coder = SchemaCoders.of(p, CdcEvent.class);
    try {
      TestStream<CdcEvent> changes =
          TestStream.create(coder)
              .addElements(at("same", "INSERT", "A", "1", 10, 1, "1.00"))
              .addElements(at("same", "INSERT", "A", "1", 10, 1, "1.00"))
              // A change two hours of event time later makes the bucket forget "same" (keepFor 1 h)...
              .addElements(at("other" + sameBucketSuffix(), "INSERT", "B", "2", 7210, 1, "1.00"))
              // ...so the same eventID much later counts as a new change again.
              .addElements(at("same", "INSERT", "A", "1", 10, 1, "1.00"))
              .advanceWatermarkToInfinity();
      PCollection<String> ids =
          p.apply(changes)
              .apply(new DeduplicateChanges(Duration.standardHours(1)))
              .apply(MapElements.into(TypeDescriptors.strings()).via(CdcEvent::getEventId));
      PAssert.that(ids).containsInAnyOrder("same", "other" + sameBucketSuffix(), "same");
      p.run().waitUntilFinish();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** A suffix that puts "other..." into the same hash bucket as "same". */
  private static String sameBucketSuffix() {
    int target = Math.floorMod("same".hashCode(), DeduplicateChanges.BUCKETS);
    for (int i = 0; ; i++) {
      if (Math.floorMod(("other" + i).hashCode(), DeduplicateChanges.BUCKETS) == target) {
        return Integer.toString(i);
      }
    }
  }
}

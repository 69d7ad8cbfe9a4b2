package io.salespipelines.transforms.cdc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.salespipelines.schemas.CdcEvent;
import io.salespipelines.schemas.OrderActivity;
import java.math.BigDecimal;
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
import org.apache.beam.sdk.transforms.Filter;
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
            // Too late: window [0, 60) closed at 60 + 300.
            .addElements(at("d", "INSERT", "D", "4", 40, 9, "9.00"))
            // An older change of A (sequence 11 < 12) in the next window: counted there as a MODIFY.
            .addElements(at("f", "MODIFY", "A", "11", 390, 1, "5.00"), at("e", "REMOVE", "C", "5", 380, 1, "1.00"))
            .advanceWatermarkToInfinity();

    PCollection<CdcEvent> unique =
        p.apply(changes).apply(new DeduplicateChanges(Duration.standardHours(24), true));
    PCollection<ActivityPane> panes =
        unique.apply(new WindowOrderActivity(Duration.standardSeconds(60), Duration.standardSeconds(300)));

    PCollection<String> lastRows =
        panes
            .apply("Last", Filter.by(ActivityPane::isLast))
            .apply("Row", MapElements.into(TypeDescriptors.strings()).via(pane -> describe(pane.toRow())));
    PAssert.that(lastRows)
        .containsInAnyOrder(
            "1970-01-01T00:00:00.000Z..1970-01-01T00:01:00.000Z i=2 m=1 r=0 units=3 value=11.00",
            "1970-01-01T00:06:00.000Z..1970-01-01T00:07:00.000Z i=0 m=1 r=1 units=0 value=0.00");
    PCollection<String> timings =
        panes.apply("Timing", MapElements.into(TypeDescriptors.strings())
            .via(pane -> pane.getWindowStart().getMillis() / 1000 + ":" + pane.getTiming() + ":" + pane.getContributions().size()));
    // Window [0,60): on time with a and b, late with c, then the closing pane (FIRE_ALWAYS) when
    // the watermark passes 360. Window [360,420): on time when the stream ends.
    PAssert.that(timings).containsInAnyOrder("0:ON_TIME:2", "0:LATE:3", "0:LATE:3", "360:ON_TIME:2");
    PAssert.that(unique.apply("Ids", MapElements.into(TypeDescriptors.strings()).via(CdcEvent::getEventId)))
        .containsInAnyOrder("a", "b", "c", "d", "e", "f");

    PipelineResult result = p.run();
    result.waitUntilFinish();
    // 6 distinct changes, 5 admitted into windows: late_records = 1 (d).
    assertThat(counter(result, "activity_admitted"), equalTo(5L));
    assertThat(counter(result, "duplicates"), equalTo(1L));
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
  public void sumCountsEachEventOnce() {
    Instant s = Instant.ofEpochSecond(0);
    Instant e = Instant.ofEpochSecond(60);
    io.salespipelines.schemas.ActivityContribution c =
        io.salespipelines.schemas.ActivityContribution.create("x", s, e, "INSERT", 2, new BigDecimal("3.00"));
    assertThat(describe(ActivityPane.sum(s, e, List.of(c, c))), equalTo(
        "1970-01-01T00:00:00.000Z..1970-01-01T00:01:00.000Z i=1 m=0 r=0 units=2 value=3.00"));
  }
}

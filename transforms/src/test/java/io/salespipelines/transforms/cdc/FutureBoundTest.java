package io.salespipelines.transforms.cdc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.salespipelines.schemas.CdcEvent;
import io.salespipelines.schemas.DeadLetter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;

/** A change from the future is one invalid_value dead letter; its neighbours go on. */
public class FutureBoundTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** 2024-06-01T12:00:00Z, as the clock of the run. */
  static final long NOW_SECONDS = 1_717_243_200L;

  @Test
  public void aChangeMoreThanTheBoundAfterTheClockIsAnInvalidValue() {
    FutureBound bound = FutureBound.of(Duration.standardHours(1)).withClock(() -> NOW_SECONDS * 1000);
    PCollection<RawChange> raw = p.apply(Create.of(
            RawChange.record("f", 1, ChangeRecords.change("past", "INSERT", "A", "1", NOW_SECONDS - 86_400, 1, "1")),
            RawChange.record("f", 2, ChangeRecords.change("edge", "INSERT", "B", "1", NOW_SECONDS + 3600, 1, "1")),
            RawChange.record("f", 3, ChangeRecords.change("over", "INSERT", "C", "1", NOW_SECONDS + 3601, 1, "1")),
            RawChange.record("f", 4, ChangeRecords.change("y3000", "INSERT", "D", "1", 32_503_680_000L, 1, "1")))
        .withCoder(SchemaCoders.of(p, RawChange.class)));
    PCollectionTuple parsed = raw.apply(new ParseChangeRecords(bound));
    PAssert.that(parsed.get(ParseChangeRecords.EVENTS).setCoder(SchemaCoders.of(p, CdcEvent.class))
            .apply("Ids", MapElements.into(TypeDescriptors.strings()).via(CdcEvent::getEventId)))
        .containsInAnyOrder("past", "edge");
    PAssert.that(parsed.get(ParseChangeRecords.DEAD_LETTERS).setCoder(SchemaCoders.of(p, DeadLetter.class))
            .apply("Kinds", MapElements.into(TypeDescriptors.strings())
                .via(d -> d.getLine() + " " + d.getErrorType() + " " + d.getErrorField())))
        .containsInAnyOrder(
            "3 invalid_value dynamodb.ApproximateCreationDateTime",
            "4 invalid_value dynamodb.ApproximateCreationDateTime");
    p.run().waitUntilFinish();
  }

  @Test
  public void aHugeBoundDoesNotOverflow() {
    FutureBound bound = FutureBound.of(Duration.millis(Long.MAX_VALUE)).withClock(() -> NOW_SECONDS * 1000);
    assertThat(bound.latestMillis(), equalTo(Long.MAX_VALUE));
    assertThat(bound.isBeyond(253_402_300_799_000L), equalTo(false));
  }
}

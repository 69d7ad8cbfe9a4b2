package io.salespipelines.transforms.cdc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;

import io.salespipelines.schemas.CdcEvent;
import io.salespipelines.transforms.jdbc.JdbcTarget;
import java.util.Collection;
import java.util.List;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/** order_activity rows recomputed from stored contributions: panes twice, replays and restarts. */
@RunWith(Parameterized.class)
public class WriteOrderActivityTest {
  private static final Instant START = Instant.ofEpochSecond(1_717_243_200L);
  private static final Instant END = START.plus(60_000);

  @Parameterized.Parameters(name = "{0}")
  public static Collection<Object[]> databases() {
    return TestDatabases.names();
  }

  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();
  private final String database;
  private JdbcTarget target;

  public WriteOrderActivityTest(String database) {
    this.database = database;
  }

  @Before
  public void prepare() throws Exception {
    target = TestDatabases.fresh(database, tmp.getRoot());
  }

  /** A change of the window [START, END), as the parser makes it. */
  private static TimestampedValue<CdcEvent> c(String id, String type, int quantity, String price) throws Exception {
    long second = START.getMillis() / 1000 + 5;
    CdcEvent e = ChangeRecordParser.parse(ChangeRecords.change(id, type, "O-" + id, "1", second, quantity, price));
    return TimestampedValue.of(e, Instant.ofEpochSecond(second));
  }

  /** One run of the windowed part over these changes: contributions stored, panes upserted. */
  @SafeVarargs
  private void run(TimestampedValue<CdcEvent>... changes) {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    p.apply(Create.timestamped(List.of(changes)).withCoder(SchemaCoders.of(p, CdcEvent.class)))
        .apply(new WindowOrderActivity(Duration.standardSeconds(60), Duration.standardSeconds(300), target))
        .apply(new WriteOrderActivity(target));
    p.run().waitUntilFinish();
  }

  private List<String> rows() throws Exception {
    return TestDatabases.rows(
        target,
        "SELECT " + String.join(", ", List.of("inserts", "modifies", "removes", "units", "value").stream()
                .map(target.dialect()::quote).toArray(String[]::new))
            + " FROM " + target.dialect().quote("order_activity"));
  }

  @Test
  public void panesReplaysAndRestartsNeitherDoubleNorLose() throws Exception {
    run(c("a", "INSERT", 2, "5.00"), c("b", "MODIFY", 3, "5.00"));
    assertThat(rows(), contains("1|1|0|2|10.00"));
    // The same changes again (a replayed stream, or a restart over the same input): nothing doubles.
    run(c("b", "MODIFY", 3, "5.00"), c("a", "INSERT", 2, "5.00"));
    assertThat(rows(), contains("1|1|0|2|10.00"));
    // A restarted job knows nothing of a and b; its pane holds only the new changes: nothing is lost.
    run(c("r", "REMOVE", 1, "1.00"), c("i", "INSERT", 1, "0.99"));
    assertThat(rows(), contains("2|1|1|3|10.99"));
  }

  @Test
  public void aChangeThatWouldTakeTheWindowValuePastDecimal18IsLeftOutNotTheRun() throws Exception {
    // Each fits DECIMAL(18,2); two do not. The window's row used to fail its write, and every restart.
    run(c("a", "INSERT", 1, "6000000000000000.00"), c("b", "INSERT", 1, "6000000000000000.00"),
        c("m", "MODIFY", 1, "1.00"));
    assertThat(rows(), contains("1|1|0|1|6000000000000000.00"));
    // A restart over the same changes: the one stored counts as before, the other is left out again;
    // a change that still fits goes in.
    run(c("b", "INSERT", 1, "6000000000000000.00"), c("a", "INSERT", 1, "6000000000000000.00"),
        c("s", "INSERT", 1, "-1.00"));
    assertThat(rows(), contains("2|1|0|2|5999999999999999.00"));
  }

  @Test
  public void aChangeThatWouldTakeTheWindowUnitsPastBigintIsLeftOut() throws Exception {
    run(units("u1"), units("u2"));
    assertThat(rows(), contains("1|0|0|9000000000000000000|0.00"));
  }

  /** An INSERT of 9e18 units at price 0: fits alone, two do not fit BIGINT. */
  private static TimestampedValue<CdcEvent> units(String id) throws Exception {
    long second = START.getMillis() / 1000 + 5;
    String text = ChangeRecords.change(id, "INSERT", "O-" + id, "1", second, 1, "0")
        .replace("{\"N\":\"1\"},\"price\"", "{\"N\":\"9000000000000000000\"},\"price\"");
    return TimestampedValue.of(ChangeRecordParser.parse(text), Instant.ofEpochSecond(second));
  }
}

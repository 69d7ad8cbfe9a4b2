package io.salespipelines.transforms.cdc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;

import io.salespipelines.schemas.ActivityContribution;
import io.salespipelines.transforms.jdbc.JdbcTarget;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
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

  private static ActivityContribution c(String id, String type, long units, String value) {
    return ActivityContribution.create(id, START, END, type, units, new BigDecimal(value));
  }

  private void write(ActivityPane... panes) {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    p.apply(Create.of(List.of(panes)).withCoder(SchemaCoders.of(p, ActivityPane.class)))
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
    ActivityPane early = ActivityPane.create(START, END, "EARLY", false, List.of(c("a", "INSERT", 2, "10.00")));
    ActivityPane onTime =
        ActivityPane.create(
            START, END, "ON_TIME", false, List.of(c("a", "INSERT", 2, "10.00"), c("b", "MODIFY", 0, "0.00")));
    write(early, onTime);
    assertThat(rows(), contains("1|1|0|2|10.00"));
    // The same panes again (a replayed stream): nothing doubles.
    write(onTime, early);
    assertThat(rows(), contains("1|1|0|2|10.00"));
    // A restarted job knows nothing of a and b; its pane holds only the new change: nothing is lost.
    write(ActivityPane.create(START, END, "LATE", true, List.of(c("r", "REMOVE", 0, "0.00"), c("i", "INSERT", 1, "0.99"))));
    assertThat(rows(), contains("2|1|1|3|10.99"));
  }
}

package io.salespipelines.transforms.orders;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import io.salespipelines.transforms.write.CountOutcomes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The composite on the Direct runner: every table of one run, and the run's counts. */
@RunWith(JUnit4.class)
public class OrdersAnalyticsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void oneRunOverEarlierFactsGivesEveryTable() throws Exception {
    runAndAssert(new OrdersAnalytics(4));
  }

  /** The Direct runner's form (the duplicate check reads the files again) gives the same. */
  @Test
  public void readingTheFilesAgainGivesTheSameTablesAndCounts() throws Exception {
    runAndAssert(new OrdersAnalytics(4).readingFilesAgain());
  }

  private void runAndAssert(OrdersAnalytics analytics) throws Exception {
    List<String> files = OrdersScenario.writeInput(tmp);
    PCollectionTuple result = OrdersScenario.run(p, files, analytics);
    OrdersScenario.assertTables(result);
    Path counts = tmp.getRoot().toPath().resolve("counts.tsv");
    Path rejected = tmp.getRoot().toPath().resolve("rejected.tsv");
    p.apply("CountOutcomes", OrdersAnalytics.countOutcomes(result, counts.toString(), rejected.toString()));
    p.run().waitUntilFinish();

    // orders read = 5 valid + 5 row-level dead letters (10 orders in the files); items read = written.
    assertThat(Files.readAllLines(counts),
        containsInAnyOrder("valid\t5", "row:duplicate\t2", "row:malformed\t1", "row:missing_value\t1",
            "row:invalid_value\t1", "file:wrong_file_type\t1", "items_read\t6", "items_written\t6"));
    assertThat(Files.readAllLines(rejected),
        containsInAnyOrder(CountOutcomes.rejectedFileLine("wrong_file_type", files.get(3))));
    assertThat(CountOutcomes.parseRejectedFileLine(Files.readAllLines(rejected).get(0)),
        equalTo(KV.of(files.get(3), "wrong_file_type")));
  }
}

package io.salespipelines.transforms.orders;

import java.util.List;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.TestSparkRunner;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The composite on the Spark runner ({@code local[2]}), the same scenario and expected tables as
 * {@link OrdersAnalyticsTest} on the Direct runner. One pipeline, so one SparkContext in this JVM.
 */
@RunWith(JUnit4.class)
public class OrdersAnalyticsSparkTest {
  @Rule public final transient TestPipeline p = TestPipeline.fromOptions(sparkOptions());
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  private static String previousUi;

  private static SparkPipelineOptions sparkOptions() {
    SparkPipelineOptions options = PipelineOptionsFactory.create().as(SparkPipelineOptions.class);
    options.setRunner(TestSparkRunner.class);
    options.setSparkMaster("local[2]");
    return options;
  }

  @BeforeClass
  public static void noWebUi() {
    previousUi = System.setProperty("spark.ui.enabled", "false");
  }

  @AfterClass
  public static void restoreWebUi() {
    if (previousUi == null) {
      System.clearProperty("spark.ui.enabled");
    } else {
      System.setProperty("spark.ui.enabled", previousUi);
    }
  }

  @Test
  public void oneRunOverEarlierFactsGivesEveryTableOnSpark() throws Exception {
    List<String> files = OrdersScenario.writeInput(tmp);
    OrdersScenario.assertTables(OrdersScenario.run(p, files));
    p.run().waitUntilFinish();
  }
}

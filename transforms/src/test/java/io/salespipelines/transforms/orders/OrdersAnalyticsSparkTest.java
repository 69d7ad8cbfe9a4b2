package io.salespipelines.transforms.orders;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;

import io.salespipelines.schemas.FactOrderItem;
import io.salespipelines.schemas.OrdersTables;
import io.salespipelines.transforms.testing.Orders;
import io.salespipelines.transforms.write.WritePartitionedParquet;
import io.salespipelines.transforms.write.WritePartitionedParquetTest;
import java.nio.file.Path;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.ParsedOrder;
import io.salespipelines.transforms.testing.TestFiles;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.TestSparkRunner;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
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

  /**
   * The scenario's tables, and in the same pipeline (one SparkContext) the split read: a JSON-lines
   * file read in many small ranges, the same lines gzip-compressed (one range) and a big JSON array
   * (one range) give every order and dead letter once, at its line, with its ordinal.
   */
  @Test
  public void oneRunOverEarlierFactsGivesEveryTableOnSpark() throws Exception {
    List<String> files = OrdersScenario.writeInput(tmp);
    OrdersScenario.assertTables(OrdersScenario.run(p, files));

    OrderSplitSample plain = OrderSplitSample.jsonLines("split.jsonl", 300);
    OrderSplitSample gz = OrderSplitSample.jsonLines("split.jsonl.gz", 300);
    OrderSplitSample array = OrderSplitSample.array("split-array.json", 60);
    List<String> paths = List.of(
        TestFiles.writeBytes(tmp, plain.name, plain.bytes()),
        TestFiles.writeGzip(tmp, gz.name, gz.content),
        TestFiles.writeBytes(tmp, array.name, array.bytes()));
    WithFailures.Result<PCollection<ParsedOrder>, DeadLetter> split =
        p.apply("SplitFiles", Create.of(paths)).apply("SplitRead", new ParseOrderFile().withRangeBytes(256).withBlockRecords(3));
    List<String> orders = new ArrayList<>();
    List<String> deadLetters = new ArrayList<>();
    for (OrderSplitSample sample : List.of(plain, gz, array)) {
      orders.addAll(sample.orders);
      deadLetters.addAll(sample.deadLetters);
    }
    PAssert.that(ParseOrderFileTest.positions("SplitOrders", split.output())).containsInAnyOrder(orders);
    PAssert.that(ParseOrderFileTest.failures("SplitFailures", split.failures())).containsInAnyOrder(deadLetters);

    // The fact tables' writer in the same pipeline (one SparkContext): a spill buffer of a few rows
    // and a plain GroupByKey, as on Spark, still give one file per month holding every item once.
    List<FactOrderItem> items = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      items.add(Orders.item("O-" + i, 1 + i % 3, "2025-0" + (1 + i % 6), "paid", "books", 1 + i % 4, "2.50"));
    }
    Path itemsDir = tmp.getRoot().toPath().resolve("fact_order_items");
    p.apply("FactItems", Create.of(items))
        .apply("WriteFactItems",
            new WritePartitionedParquet<>(OrdersTables.FACT_ORDER_ITEMS, itemsDir.toString(), "part-r1", 0)
                .withSpillBufferBytes(100));

    PipelineResult result = p.run();
    result.waitUntilFinish();
    WritePartitionedParquetTest.assertOneFileEachHoldingEveryRowOnce(
        itemsDir, "part-r1",
        WritePartitionedParquetTest.expected(OrdersTables.FACT_ORDER_ITEMS, items, i -> i.getOrderId() + "/" + i.getLineNo()),
        r -> r.get("order_id") + "/" + r.get("line_no"));
    assertThat(WritePartitionedParquetTest.spillFiles(result), greaterThan(50L));
  }
}

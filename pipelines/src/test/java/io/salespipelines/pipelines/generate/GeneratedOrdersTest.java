package io.salespipelines.pipelines.generate;

import io.salespipelines.pipelines.run.LandingZone;
import io.salespipelines.schemas.CategorySalesMonthly;
import io.salespipelines.schemas.FactOrder;
import io.salespipelines.transforms.orders.ComputeOrderMetrics;
import io.salespipelines.transforms.orders.OrdersAnalytics;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The generator and the job's data side agree: generated orders through parse, validate,
 * deduplicate and flatten ({@link OrdersAnalytics}, no earlier runs) on the Direct runner give
 * exactly the counts {@code _generator.json} promises, and the revenue to the cent.
 */
public class GeneratedOrdersTest {
  private static final long ROWS = 4_000;

  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void theJobFindsWhatTheGeneratorWrote() throws IOException {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    OrdersGenerateOptions options = new OrdersGenerateOptions();
    options.output = tmp.getRoot().getPath();
    options.rows = ROWS;
    options.badRate = 0.04;
    options.seed = 7;
    OrdersSummary summary = OrdersDataGenerator.generate(options);

    PCollectionTuple result =
        PCollectionTuple.of(OrdersAnalytics.FILES, p.apply("Files", Create.of(landingFiles(tmp.getRoot()))))
            .and(OrdersAnalytics.EARLIER_ORDERS, p.apply("NoEarlierOrders", Create.empty(TypeDescriptor.of(FactOrder.class))))
            .and(OrdersAnalytics.EARLIER_CATEGORY_SALES,
                p.apply("NoEarlierCategorySales", Create.empty(TypeDescriptor.of(CategorySalesMonthly.class))))
            .apply(new OrdersAnalytics(8));

    List<String> expected = new ArrayList<>();
    expected.add("valid=" + summary.goodOrders);
    expected.add("items_written=" + summary.goodItems);
    expected.add("items_read=" + summary.goodItems);
    summary.badOrdersByType.forEach((type, n) -> expected.add("row:" + type + "=" + n));
    summary.fileDeadLetters.forEach((type, n) -> expected.add("file:" + type + "=" + n));
    PAssert.that(
            outcomeLabels(result)
                .apply("CountPerLabel", Count.perElement())
                .apply("Format", MapElements.into(TypeDescriptors.strings())
                    .via((KV<String, Long> kv) -> kv.getKey() + "=" + kv.getValue())))
        .containsInAnyOrder(expected);
    PAssert.thatSingleton(
            result.get(ComputeOrderMetrics.MONTHLY_REVENUE)
                .apply("Revenue", MapElements.into(TypeDescriptor.of(BigDecimal.class)).via(r -> r.getRevenue()))
                .apply("TotalRevenue", Combine.globally((Iterable<BigDecimal> xs) -> {
                  BigDecimal sum = BigDecimal.ZERO.setScale(2);
                  for (BigDecimal x : xs) {
                    sum = sum.add(x);
                  }
                  return sum;
                })))
        .isEqualTo(summary.paidRevenue);
    PAssert.thatSingleton(
            result.get(ComputeOrderMetrics.MONTHLY_REVENUE)
                .apply("Orders", MapElements.into(TypeDescriptors.longs()).via(r -> r.getOrders()))
                .apply("PaidOrders", Combine.globally((Iterable<Long> xs) -> {
                  long sum = 0;
                  for (long x : xs) {
                    sum += x;
                  }
                  return sum;
                })))
        .isEqualTo(summary.paidOrders);
    p.run();
  }

  /** One label per outcome: valid orders, item lines read and written, dead letters by type. */
  private static PCollection<String> outcomeLabels(PCollectionTuple result) {
    return org.apache.beam.sdk.values.PCollectionList
        .of(result.get(OrdersAnalytics.ACCEPTED).apply("LabelValid",
            MapElements.into(TypeDescriptors.strings()).via(o -> "valid")))
        .and(result.get(OrdersAnalytics.FACT_ORDER_ITEMS).apply("LabelWritten",
            MapElements.into(TypeDescriptors.strings()).via(i -> "items_written")))
        .and(result.get(OrdersAnalytics.ITEMS_READ).apply("LabelRead",
            MapElements.into(TypeDescriptors.strings()).via(i -> "items_read")))
        .and(result.get(OrdersAnalytics.DEAD_LETTERS).apply("LabelDead",
            MapElements.into(TypeDescriptors.strings())
                .via(d -> (d.coversWholeFile() ? "file:" : "row:") + d.getErrorType())))
        .apply("AllLabels", org.apache.beam.sdk.transforms.Flatten.pCollections());
  }

  /** The landing zone as the jobs list it: files directly in it, not named {@code .*} or {@code _*}. */
  private static List<String> landingFiles(File root) throws IOException {
    return LandingZone.list(root.toPath().resolve("landing").toString(), 0, Instant.now())
        .files.stream().map(f -> f.path).sorted().toList();
  }
}

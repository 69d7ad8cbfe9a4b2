package io.salespipelines.pipelines.orders;

import io.salespipelines.pipelines.run.ExactForm;
import io.salespipelines.schemas.MonthlyRevenue;
import io.salespipelines.schemas.RevenueMom;
import io.salespipelines.transforms.common.SumMoney;
import io.salespipelines.transforms.write.WriteTextFile;
import java.math.BigDecimal;
import java.util.Arrays;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import io.salespipelines.pipelines.UsageException;
import io.salespipelines.pipelines.run.RunContext;
import io.salespipelines.pipelines.run.Staging;
import io.salespipelines.pipelines.run.StateFiles;
import io.salespipelines.schemas.CategorySalesMonthly;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.OrdersTables;
import io.salespipelines.schemas.OutputTable;
import io.salespipelines.transforms.orders.ComputeOrderMetrics;
import io.salespipelines.transforms.orders.OrdersAnalytics;
import io.salespipelines.transforms.orders.ReadFactOrders;
import io.salespipelines.transforms.state.ReadTable;
import io.salespipelines.transforms.write.CountOutcomes;
import io.salespipelines.transforms.write.WriteDeadLetters;
import io.salespipelines.transforms.write.WriteParquetTable;
import io.salespipelines.transforms.write.WritePartitionedParquet;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The orders-analytics data flow: this run's files and the committed fact tables through {@link
 * OrdersAnalytics}, then every table and the dead letters into the run's staging folder, which the
 * run lifecycle commits once the pipeline has succeeded.
 */
public final class OrdersAnalyticsPipeline {
  private OrdersAnalyticsPipeline() {}

  public static void build(Pipeline p, RunContext run, int shuffleBuckets) {
    Staging staging = run.staging();
    String prefix = run.filePrefix();
    // One read on both runners. OrdersAnalytics#readingFilesAgain() (the duplicate check's passes
    // reading the files afresh, as sales-marts does on Direct) ran 300k orders out of a 512 MB
    // Direct heap that this form passes: parsed orders queued between the reader and ValidateOrder.
    // The exact form rejects paid orders past what the metrics' DECIMAL(18,2) holds; the usual form
    // leaves the revenue of all paid orders for the job to check (OrdersAnalyticsJob#runAgain).
    boolean exact = run.exact();
    OrdersAnalytics analytics =
        exact ? new OrdersAnalytics(shuffleBuckets).rejectingOverflow() : new OrdersAnalytics(shuffleBuckets);
    // The fact tables' partitions are order_year=YYYY/order_month=MM: two folder levels.
    PCollectionTuple result =
        PCollectionTuple.of(
                OrdersAnalytics.FILES,
                p.apply("ListedFiles", Create.of(run.inputFiles()).withCoder(StringUtf8Coder.of())))
            .and(
                OrdersAnalytics.EARLIER_ORDERS,
                p.apply("ReadFactOrders",
                    new ReadFactOrders(run.committed(OrdersTables.FACT_ORDERS.name()) + "/*/*/*.parquet")))
            .and(OrdersAnalytics.EARLIER_CATEGORY_SALES, readEarlierCategorySales(p, run))
            .apply("OrdersAnalytics", analytics);
    run.setInputPasses(analytics.inputReads());

    result.get(OrdersAnalytics.FACT_ORDERS).apply("Write" + OrdersTables.FACT_ORDERS.name(),
        new WritePartitionedParquet<>(
            OrdersTables.FACT_ORDERS, staging.table(OrdersTables.FACT_ORDERS.name()), prefix, shuffleBuckets));
    result.get(OrdersAnalytics.FACT_ORDER_ITEMS).apply("Write" + OrdersTables.FACT_ORDER_ITEMS.name(),
        new WritePartitionedParquet<>(
            OrdersTables.FACT_ORDER_ITEMS, staging.table(OrdersTables.FACT_ORDER_ITEMS.name()), prefix,
            shuffleBuckets));
    PCollection<MonthlyRevenue> monthlyRevenue = result.get(ComputeOrderMetrics.MONTHLY_REVENUE);
    if (!exact) {
      monthlyRevenue
          .apply("PaidRevenues", MapElements.into(TypeDescriptors.bigdecimals()).via(MonthlyRevenue::getRevenue))
          .setCoder(BigDecimalCoder.of())
          .apply("SumPaidRevenue", new SumMoney())
          .apply("FormatPaidRevenue", MapElements.into(TypeDescriptors.strings()).via(BigDecimal::toPlainString))
          .apply("WritePaidRevenue", WriteTextFile.to(ExactForm.grandTotalFile(staging)));
    }
    write(monthlyRevenue.apply("FittingMonthlyRevenue",
            ExactForm.fitting(exact, (MonthlyRevenue r) -> Arrays.asList(r.getRevenue(), r.getAov()))),
        OrdersTables.MONTHLY_REVENUE, run);
    write(result.get(ComputeOrderMetrics.REVENUE_MOM).apply("FittingRevenueMom",
            ExactForm.fitting(exact, (RevenueMom r) ->
                Arrays.asList(r.getRevenue(), r.getPrevRevenue(), r.getRunningRevenue()))),
        OrdersTables.REVENUE_MOM, run);
    write(result.get(ComputeOrderMetrics.CATEGORY_SALES_MONTHLY).apply("FittingCategorySales",
            ExactForm.fitting(exact, (CategorySalesMonthly r) -> Arrays.asList(r.getRevenue()))),
        OrdersTables.CATEGORY_SALES_MONTHLY, run);
    writeMetric(result, ComputeOrderMetrics.MONTHLY_ACTIVE_CUSTOMERS, OrdersTables.MONTHLY_ACTIVE_CUSTOMERS, run);
    writeMetric(result, ComputeOrderMetrics.COHORT_RETENTION, OrdersTables.COHORT_RETENTION, run);
    writeMetric(result, ComputeOrderMetrics.MONTHLY_CHURN, OrdersTables.MONTHLY_CHURN, run);

    PCollection<DeadLetter> deadLetters =
        PCollectionList.of(run.listingDeadLetters(p))
            .and(result.get(OrdersAnalytics.DEAD_LETTERS))
            .apply("AllDeadLetters", Flatten.pCollections());
    deadLetters.apply("WriteDeadLetters",
        new WriteDeadLetters(run.runId(), staging.table(OrdersTables.DEAD_LETTER), prefix));
    p.apply("CountOutcomes",
        new CountOutcomes(
                result.get(OrdersAnalytics.ACCEPTED), deadLetters, staging.countsFile(),
                staging.rejectedFilesFile())
            .and(OrdersAnalytics.ITEMS_READ_LABEL, result.get(OrdersAnalytics.ITEMS_READ))
            .and(OrdersAnalytics.ITEMS_WRITTEN_LABEL, result.get(OrdersAnalytics.FACT_ORDER_ITEMS)));
  }

  /**
   * The category_sales_monthly table the last run committed: this run adds its own items to it
   * instead of reading every earlier item line again. A commit that was interrupted is completed
   * before the pipeline is built, and the lock keeps other runs out, so it is the last run's whole
   * table, committed with the fact rows it sums.
   */
  private static PCollection<CategorySalesMonthly> readEarlierCategorySales(Pipeline p, RunContext run) {
    String table = OrdersTables.CATEGORY_SALES_MONTHLY.name();
    try {
      // One that is gone (deleted by hand) would silently lose the earlier runs' item totals.
      if (StateFiles.exists(run.committed(OrdersTables.FACT_ORDERS.name()) + "/*/*/*.parquet")
          && !StateFiles.exists(run.committed(table) + "/_SUCCESS")) {
        throw new UsageException(
            "the output has orders of earlier runs but no complete " + table + " table, which holds"
                + " their items' totals (runs add to it); restore it, or run over all inputs into a new --output");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the committed tables under " + run.committed(""), e);
    }
    return p.apply("ReadEarlier" + table,
        new ReadTable<>(OrdersTables.CATEGORY_SALES_MONTHLY, run.committed(table) + "/*.parquet"));
  }

  /** A metric table is small (months, categories, cohorts): one file per run. */
  private static <T> void writeMetric(PCollectionTuple result, TupleTag<T> tag, OutputTable<T> table, RunContext run) {
    write(result.get(tag), table, run);
  }

  private static <T> void write(PCollection<T> rows, OutputTable<T> table, RunContext run) {
    rows.apply("Write" + table.name(),
        new WriteParquetTable<>(table, run.staging().table(table.name()), run.filePrefix(), 1));
  }
}

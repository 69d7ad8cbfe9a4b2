package io.salespipelines.pipelines.orders;

import io.salespipelines.pipelines.UsageException;
import io.salespipelines.pipelines.publish.Publishable;
import io.salespipelines.pipelines.run.BatchJob;
import io.salespipelines.pipelines.run.CommittedTable;
import io.salespipelines.pipelines.run.ExactForm;
import io.salespipelines.pipelines.run.RunContext;
import io.salespipelines.schemas.OrdersTables;
import io.salespipelines.transforms.orders.RejectOverflowingOrders;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;

/**
 * {@code orders-analytics} (SPEC 2): nested order JSON into two fact tables and six metric tables.
 * The fact tables are the job's state: they gain each run's orders, and the metrics are recomputed
 * from them and this run's orders, then replaced whole. The run around it is the shared {@link
 * BatchJob} lifecycle.
 */
public final class OrdersAnalyticsJob extends BatchJob<OrdersAnalyticsOptions> {
  @Override
  public String name() {
    return "orders-analytics";
  }

  @Override
  public Class<OrdersAnalyticsOptions> optionsType() {
    return OrdersAnalyticsOptions.class;
  }

  @Override
  protected String unit() {
    return "orders";
  }

  @Override
  protected Publishable publishable() {
    return new OrdersAnalyticsPublishable();
  }

  @Override
  protected List<CommittedTable> tables() {
    List<CommittedTable> tables = new ArrayList<>();
    tables.add(CommittedTable.appendedRows(OrdersTables.FACT_ORDERS));
    tables.add(CommittedTable.appendedRows(OrdersTables.FACT_ORDER_ITEMS));
    OrdersTables.METRIC_TABLE_NAMES.forEach(t -> tables.add(CommittedTable.replaced(t)));
    tables.add(CommittedTable.deadLetters(OrdersTables.DEAD_LETTER));
    return tables;
  }

  /**
   * On Spark, orders-analytics keeps what the runner caches on local disk only, and groups with
   * one shuffle key per key. Beam's Spark runner persists the whole output of every multi-output
   * step and every collection read by more than one step: here the orders (raw text included) four
   * times over (parsed, validated, deduplicated, accepted) and the fact rows several times, many
   * times Spark's storage pool under a 3 GB heap. Held serialized in memory (the other jobs'
   * default) they filled the pool while the shuffles' in-memory maps and each file's parsed orders
   * (the runner buffers all outputs of one input element) took the rest, and 1M orders ran out of
   * heap; on disk (the page cache keeps it fast) they leave the heap to the shuffles. A hash bucket
   * is one Spark shuffle key whose values the runner gathers into one list and the job then decodes
   * whole (see {@link io.salespipelines.transforms.common.GroupByKeyInBuckets}); one key per key
   * keeps each list one order id's.
   */
  @Override
  public List<String> sparkDefaults() {
    return List.of("--storageLevel=DISK_ONLY", "--shuffleBuckets=0");
  }

  @Override
  protected void check(OrdersAnalyticsOptions options) {
    if (options.getShuffleBuckets() < 0) {
      throw new UsageException("--shuffleBuckets must be at least 0");
    }
  }

  @Override
  protected void build(Pipeline pipeline, OrdersAnalyticsOptions options, RunContext run) {
    OrdersAnalyticsPipeline.build(pipeline, run, options.getShuffleBuckets());
  }

  /**
   * The usual form has no overflow check; when the revenue of all paid orders so far does not fit
   * DECIMAL(18,2), the metric tables could not hold it (their rows past it were left out), so the
   * run is done again in the exact form, which rejects the orders that take it past.
   */
  @Override
  protected String runAgain(OrdersAnalyticsOptions options, RunContext run) throws IOException {
    if (run.exact()) {
      return null;
    }
    BigDecimal paidRevenue = ExactForm.readGrandTotal(run.staging());
    return RejectOverflowingOrders.mayOverflow(paidRevenue)
        ? "the paid orders accepted so far add up to " + paidRevenue.toPlainString()
            + ", which the metrics' DECIMAL(18,2) cannot hold"
        : null;
  }
}

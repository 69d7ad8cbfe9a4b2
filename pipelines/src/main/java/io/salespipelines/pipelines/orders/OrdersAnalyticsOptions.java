package io.salespipelines.pipelines.orders;

import io.salespipelines.pipelines.run.BatchRunOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the {@code orders-analytics} job; the run options are {@link BatchRunOptions}. */
public interface OrdersAnalyticsOptions extends BatchRunOptions {
  // The default must stay sales-marts' (one property, one default across registered interfaces);
  // the command line gives 0 on Spark (OrdersAnalyticsJob#sparkDefaults).
  @Description(
      "Hash buckets for the shuffles that bring equal keys together (order ids, customers, earlier"
          + " item lines and their orders, fact table partitions); 0 for one shuffle key per key, the"
          + " command line's default on Spark, which holds all values of a shuffle key in memory.")
  @Default.Integer(16)
  int getShuffleBuckets();

  void setShuffleBuckets(int value);
}

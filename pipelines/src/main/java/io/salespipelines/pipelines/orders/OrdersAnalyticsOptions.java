package io.salespipelines.pipelines.orders;

import io.salespipelines.pipelines.run.BatchRunOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the {@code orders-analytics} job; the run options are {@link BatchRunOptions}. */
public interface OrdersAnalyticsOptions extends BatchRunOptions {
  @Description(
      "Hash buckets for the shuffles that bring equal keys together (order ids, customers, earlier"
          + " item lines and their orders); raise it on a large cluster for more parallelism.")
  @Default.Integer(16)
  int getShuffleBuckets();

  void setShuffleBuckets(int value);
}

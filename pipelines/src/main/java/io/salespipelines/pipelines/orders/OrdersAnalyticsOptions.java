package io.salespipelines.pipelines.orders;

import io.salespipelines.pipelines.run.BatchRunOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options of the {@code orders-analytics} job; the run options are {@link BatchRunOptions}. */
public interface OrdersAnalyticsOptions extends BatchRunOptions {
  @Description(
      "Hash buckets for the shuffles that bring equal keys together (order ids, customers, earlier"
          + " item lines and their orders, fact table partitions); 0 for one shuffle key per key."
          + " Default: 16 on the Direct runner, which handles each shuffle key as a bundle of its"
          + " own; 0 on Spark, which holds all values of a shuffle key in memory at once.")
  @Default.InstanceFactory(ShuffleBucketsByRunner.class)
  int getShuffleBuckets();

  void setShuffleBuckets(int value);

  /**
   * 0 (one shuffle key per key) on the Spark runner, 16 elsewhere. On Spark a bucket of a million
   * orders' dedup held a sixteenth of them decoded at once per task, and two such tasks ran a 3 GB
   * heap out of memory; see {@link io.salespipelines.transforms.common.GroupByKeyInBuckets}.
   */
  class ShuffleBucketsByRunner implements DefaultValueFactory<Integer> {
    static final int DIRECT_RUNNER_BUCKETS = 16;

    @Override
    public Integer create(PipelineOptions options) {
      return options.getRunner().getName().startsWith("org.apache.beam.runners.spark.")
          ? 0
          : DIRECT_RUNNER_BUCKETS;
    }
  }
}

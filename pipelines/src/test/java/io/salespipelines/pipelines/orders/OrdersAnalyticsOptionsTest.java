package io.salespipelines.pipelines.orders;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;

/** The shuffle buckets default by runner: hash buckets on Direct, one key per key on Spark. */
public class OrdersAnalyticsOptionsTest {
  private static OrdersAnalyticsOptions parse(String... args) {
    return PipelineOptionsFactory.fromArgs(args).as(OrdersAnalyticsOptions.class);
  }

  @Test
  public void sixteenBucketsOnTheDirectRunner() {
    assertThat(parse("--runner=DirectRunner").getShuffleBuckets(), equalTo(16));
    assertThat(parse().getShuffleBuckets(), equalTo(16));
  }

  @Test
  public void oneShuffleKeyPerKeyOnSpark() {
    assertThat(parse("--runner=SparkRunner").getShuffleBuckets(), equalTo(0));
    assertThat(parse("--runner=TestSparkRunner").getShuffleBuckets(), equalTo(0));
  }

  @Test
  public void aGivenNumberWinsOnEitherRunner() {
    assertThat(parse("--runner=SparkRunner", "--shuffleBuckets=64").getShuffleBuckets(), equalTo(64));
    assertThat(parse("--runner=DirectRunner", "--shuffleBuckets=0").getShuffleBuckets(), equalTo(0));
  }
}

package io.salespipelines.transforms.marts;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class SumTalliesOnDiskTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /**
   * 3,000 tallies over 500 groups (six each, in several bundles): exact sums and counts per group,
   * every group once, and the spill folder gone at the end.
   */
  @Test
  public void sumsEveryGroupOnceFromItsSpilledPartialSums() throws Exception {
    List<KV<String, KV<BigDecimal, Long>>> tallies = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int g = 0; g < 500; g++) {
      for (int i = 0; i < 6; i++) {
        tallies.add(KV.of("G" + g, SumPerGroup.tally(new BigDecimal("0.01").multiply(BigDecimal.valueOf(g + i)), 1L)));
      }
      // 6 amounts of (g + i) cents: (6g + 15) cents.
      expected.add("G" + g + "=" + new BigDecimal(6 * g + 15).movePointLeft(2) + "/6");
    }
    Path spill = tmp.getRoot().toPath().resolve("spill");
    PCollection<KV<String, KV<BigDecimal, Long>>> sums =
        p.apply(Create.of(tallies).withCoder(SumPerGroup.keyedTally(StringUtf8Coder.of())))
            .apply(new SumTalliesOnDisk<>(4, StringUtf8Coder.of(), spill.toString()));
    PAssert.that(
            sums.apply(
                MapElements.into(TypeDescriptors.strings())
                    .via(kv -> kv.getKey() + "=" + kv.getValue().getKey() + "/" + kv.getValue().getValue())))
        .containsInAnyOrder(expected);
    sums.apply("CountBundles", ParDo.of(new CountBundlesFn()));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertThat("spill folder deleted", Files.exists(spill), equalTo(false));
    // 64 spill buckets, summed in a few bundles: the Direct runner sets up every later step again
    // per bundle (a bundle per bucket was two thirds of a small sales-marts run's bundles).
    long bundles =
        result.metrics().queryMetrics(MetricsFilter.builder().addNameFilter(
                MetricNameFilter.named(CountBundlesFn.class, "bundles")).build())
            .getCounters().iterator().next().getCommitted();
    assertThat(SumTalliesOnDisk.MIN_SPILL_BUCKETS, greaterThan(SumTalliesOnDisk.SUM_BUNDLES));
    assertThat("bundles of summed groups", bundles, lessThanOrEqualTo((long) SumTalliesOnDisk.SUM_BUNDLES));
  }

  /** Counts the bundles of its input that hold elements. */
  static class CountBundlesFn extends DoFn<KV<String, KV<BigDecimal, Long>>, Void> {
    private final Counter bundles = Metrics.counter(CountBundlesFn.class, "bundles");
    private transient boolean counted;

    @StartBundle
    public void start() {
      counted = false;
    }

    @ProcessElement
    public void process(@Element KV<String, KV<BigDecimal, Long>> sum) {
      if (!counted) {
        bundles.inc();
        counted = true;
      }
    }
  }
}

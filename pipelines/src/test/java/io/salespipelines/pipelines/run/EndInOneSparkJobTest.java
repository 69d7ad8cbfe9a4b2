package io.salespipelines.pipelines.run;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.spark.SparkContextOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A pipeline of four branches (two counting sinks, a step with a side input, a step with two
 * outputs nobody reads) on the Spark runner in {@code local[2]}, one Spark context for the class:
 * without {@link EndInOneSparkJob} the runner starts a Spark job for each collection that
 * {@link EndInOneSparkJob#leaves} finds, with it one, and every branch still runs.
 */
@RunWith(JUnit4.class)
public class EndInOneSparkJobTest {
  private static JavaSparkContext spark;
  /** Jobs that force a leaf at the end of a run, and the others (a side input collected). */
  private static final AtomicInteger LEAF_JOBS = new AtomicInteger();
  private static final AtomicInteger OTHER_JOBS = new AtomicInteger();

  @BeforeClass
  public static void startSpark() {
    spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("EndInOneSparkJobTest")
        .set("spark.ui.enabled", "false"));
    spark.sc().addSparkListener(new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart jobStart) {
        // Spark names a job's last stage after the action's call site in the runner.
        boolean leaf = jobStart.stageInfos().last().name().startsWith("foreach at BoundedDataset");
        (leaf ? LEAF_JOBS : OTHER_JOBS).incrementAndGet();
      }
    });
  }

  @AfterClass
  public static void stopSpark() {
    spark.stop();
  }

  @Test
  public void theRunnerStartsOneJobForAllLeaves() throws Exception {
    Run apart = run(false);
    Run joined = run(true);

    // Apart: a job per leaf (the two sinks, the side-input step, both outputs of the two-output
    // step, and what View.asMap made beside its view), after the side inputs' collects.
    assertThat(apart.leaves, equalTo(6));
    assertThat(apart.leafJobs, equalTo(apart.leaves));
    assertThat(joined.leafJobs, equalTo(1));
    assertThat(joined.otherJobs, equalTo(apart.otherJobs));
    assertThat(joined.counts, equalTo(apart.counts));
    assertThat(joined.counts, containsInAnyOrder(3L, 3L, 3L, 3L));
  }

  @Test
  public void theDirectRunnerIsLeftAsItIs() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    branches(p);
    assertThat(p.getOptions().getRunner(), equalTo(DirectRunner.class));
    assertThat(EndInOneSparkJob.applyIfSpark(p, p.getOptions()), equalTo(0));
    assertThat(EndInOneSparkJob.leaves(p).size(), equalTo(6));
  }

  private static final class Run {
    int leaves;
    int leafJobs;
    int otherJobs;
    List<Long> counts = new ArrayList<>();
  }

  private static Run run(boolean oneJob) throws Exception {
    SparkContextOptions options = PipelineOptionsFactory.create().as(SparkContextOptions.class);
    options.setRunner(SparkRunner.class);
    options.setUsesProvidedSparkContext(true);
    options.setProvidedSparkContext(spark);
    Pipeline p = Pipeline.create(options);
    branches(p);
    Run run = new Run();
    run.leaves = EndInOneSparkJob.leaves(p).size();
    if (oneJob) {
      EndInOneSparkJob.applyIfSpark(p, options);
    }
    int leafJobs = LEAF_JOBS.get();
    int otherJobs = OTHER_JOBS.get();
    PipelineResult result = p.run();
    result.waitUntilFinish();
    // The listener hears of jobs on Spark's event thread: wait until it has heard of all.
    spark.sc().listenerBus().waitUntilEmpty();
    run.leafJobs = LEAF_JOBS.get() - leafJobs;
    run.otherJobs = OTHER_JOBS.get() - otherJobs;
    for (String name : List.of("a", "b", "withSide", "twoOutputs")) {
      for (MetricResult<Long> c :
          result.metrics().queryMetrics(MetricsFilter.builder()
              .addNameFilter(MetricNameFilter.named("branches", name)).build()).getCounters()) {
        run.counts.add(c.getAttempted());
      }
    }
    return run;
  }

  private static void branches(Pipeline p) {
    PCollection<Integer> numbers = p.apply(Create.of(1, 2, 3));
    numbers.apply("A", ParDo.of(new Count("a")));
    numbers.apply("B", ParDo.of(new Count("b")));
    PCollectionView<List<Integer>> all = numbers.apply(View.asList());
    PCollectionView<Map<Integer, Integer>> byNumber =
        numbers.apply(WithKeys.of(n -> n)).setCoder(KvCoder.of(VarIntCoder.of(), VarIntCoder.of()))
            .apply(View.asMap());
    numbers.apply("WithSide", ParDo.of(new Count("withSide")).withSideInputs(all, byNumber));
    TupleTag<Integer> kept = new TupleTag<>() {};
    numbers.apply("TwoOutputs", ParDo.of(new Count("twoOutputs"))
        .withOutputTags(kept, TupleTagList.of(new TupleTag<Integer>() {})));
  }

  private static final class Count extends DoFn<Integer, Integer> {
    private final String name;

    Count(String name) {
      this.name = name;
    }

    @ProcessElement
    public void count(@Element Integer n, OutputReceiver<Integer> out) {
      Metrics.counter("branches", name).inc();
      out.output(n);
    }
  }
}

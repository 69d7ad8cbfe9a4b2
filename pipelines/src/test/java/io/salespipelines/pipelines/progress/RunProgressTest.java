package io.salespipelines.pipelines.progress;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.Before;
import org.junit.Test;

/**
 * Progress lines of a running pipeline on the Direct runner and on Spark {@code local[2]}, from the
 * runners' live metrics. The pipeline reads {@value #FILES} "files" of {@value #ROWS} rows, each file
 * in a bundle (Direct) or task (Spark) of its own, counting with the parser's counter names; each
 * file after the first waits until a progress line has shown the rows of the files before it. So
 * the run can only finish if the lines show 1000, 2000, 3000 rows while it is running: no sleeps,
 * no timing luck, and a runner without live metrics fails the test (after a minute) instead of
 * passing it.
 */
public class RunProgressTest {
  static final int FILES = 4;
  static final long ROWS = 1000;
  private static final Pattern LINE =
      Pattern.compile(
          "test-job: (done in )?\\d+ s: read (\\d+) of 4 files, ([0-9,]+) rows \\([0-9,]+ rows/s\\)"
              + "(; reading done, the rest of the pipeline is running)?");

  /** Shared with the DoFn: the Direct runner and Spark in local mode run it in this JVM. */
  static final AtomicInteger TICKETS = new AtomicInteger();
  static final Shown SHOWN = new Shown();

  /** The largest row count the progress lines have shown so far. */
  static final class Shown {
    private long rows;

    synchronized void saw(long n) {
      rows = Math.max(rows, n);
      notifyAll();
    }

    synchronized boolean awaitAtLeast(long n, long timeoutMillis) throws InterruptedException {
      long deadline = System.currentTimeMillis() + timeoutMillis;
      while (rows < n) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        wait(left);
      }
      return true;
    }

    synchronized void reset() {
      rows = 0;
    }
  }

  /** Counts one file of ROWS rows once the rows of the files counted before it have been shown. */
  static class ReadFileAfterProgressShown extends DoFn<String, String> {
    private final Counter files = Metrics.counter("test-parser", RunProgress.FILES);
    private final Counter rows = Metrics.counter("test-parser", RunProgress.ROWS);

    @ProcessElement
    public void process(@Element String file, OutputReceiver<String> out) throws InterruptedException {
      int ticket = TICKETS.getAndIncrement();
      if (!SHOWN.awaitAtLeast(ticket * ROWS, TimeUnit.MINUTES.toMillis(1))) {
        throw new AssertionError("no progress line showed " + ticket * ROWS + " rows while the pipeline ran");
      }
      files.inc();
      rows.inc(ROWS);
      out.output(file);
    }
  }

  @Before
  public void reset() {
    TICKETS.set(0);
    SHOWN.reset();
  }

  private static List<String> files() {
    List<String> files = new ArrayList<>();
    for (int i = 0; i < FILES; i++) {
      files.add("file-" + i);
    }
    return files;
  }

  /** Runs the pipeline with progress every 100 ms; returns the lines printed. */
  private static List<String> runWithProgress(PipelineOptions options) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> lines = new ArrayList<>();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8) {
      @Override
      public void println(String line) {
        super.println(line);
        synchronized (lines) {
          lines.add(line);
        }
        Matcher m = LINE.matcher(line);
        if (m.matches()) {
          SHOWN.saw(Long.parseLong(m.group(3).replace(",", "")));
        }
      }
    };
    Pipeline p = Pipeline.create(options);
    p.apply(Create.of(files())).apply(ParDo.of(new ReadFileAfterProgressShown()));
    PipelineResult result = p.run();
    try (RunProgress progress = RunProgress.start(result, out, "test-job", FILES, 1, Duration.ofMillis(100))) {
      assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    }
    synchronized (lines) {
      System.out.println(options.getRunner().getSimpleName() + " progress:\n  " + String.join("\n  ", lines));
      return new ArrayList<>(lines);
    }
  }

  private static void assertIncreasingToTheEnd(List<String> lines) {
    long last = -1;
    List<Long> distinct = new ArrayList<>();
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      assertTrue("progress line: " + line, m.matches());
      long rows = Long.parseLong(m.group(3).replace(",", ""));
      assertThat("counts never go back: " + lines, rows, greaterThanOrEqualTo(last));
      if (rows != last) {
        distinct.add(rows);
      }
      last = rows;
    }
    // Every file's rows were shown while it ran (the pipeline could not finish otherwise) ...
    assertTrue(lines.toString(), distinct.containsAll(List.of(1000L, 2000L, 3000L)));
    // ... and the last line is the total.
    String end = lines.get(lines.size() - 1);
    assertThat(end, containsString("test-job: done in "));
    assertThat(end, containsString(": read 4 of 4 files, 4,000 rows ("));
  }

  @Test
  public void directRunnerPrintsGrowingCountsWhileItRuns() {
    DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    // run() returns at once (as the job sets it); a source split per file, one bundle each.
    options.setBlockOnRun(false);
    options.setTargetParallelism(FILES);
    assertIncreasingToTheEnd(runWithProgress(options));
  }

  @Test
  public void sparkRunnerPrintsGrowingCountsWhileItRuns() {
    SparkPipelineOptions options = PipelineOptionsFactory.as(SparkPipelineOptions.class);
    options.setRunner(SparkRunner.class);
    options.setSparkMaster("local[2]");
    // One split, so one task, per file: a task's counts reach the driver when it ends.
    options.setBundleSize(1L);
    String ui = System.setProperty("spark.ui.enabled", "false");
    try {
      assertIncreasingToTheEnd(runWithProgress(options));
    } finally {
      if (ui == null) {
        System.clearProperty("spark.ui.enabled");
      } else {
        System.setProperty("spark.ui.enabled", ui);
      }
    }
  }
}

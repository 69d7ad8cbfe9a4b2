package io.salespipelines.pipelines.progress;

import java.io.PrintStream;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the user where a running pipeline is: every few seconds one line with the files and rows
 * read so far and the rows per second while reading (every 30 seconds while they stand still), e.g. {@code sales-marts: 15 s: read 3 of 8
 * files, 120,000 rows (8,000 rows/s)}, and a last line when it ends ({@code sales-marts: done in 42
 * s: ...}). The numbers are Beam's metrics of the running
 * pipeline ({@link PipelineResult#metrics()}, attempted values), counters named {@value #FILES} and
 * {@value #ROWS} in any namespace: the parsers count as they read, so this costs no pass over the
 * data. A run shorter than the first interval prints nothing.
 *
 * <p>The runner decides how fresh the numbers are: the Direct runner adds a bundle's counts when
 * the bundle finishes, the Spark runner a task's when the task finishes (its accumulators reach the
 * driver then), so the counts grow in steps of bundles or tasks.
 *
 * <pre>{@code
 * PipelineResult result = pipeline.run();
 * try (RunProgress progress = RunProgress.start(result, out, "sales-marts", files.size())) {
 *   state = result.waitUntilFinish();
 * }
 * }</pre>
 */
public final class RunProgress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunProgress.class);
  /** Counter of files opened by a parser. */
  public static final String FILES = "files_read";
  /** Counter of records a parser has read. */
  public static final String ROWS = "records_parsed";
  public static final Duration INTERVAL = Duration.ofSeconds(5);
  /** How often a line repeats counts that have not changed. */
  static final Duration QUIET = Duration.ofSeconds(30);

  private final PipelineResult result;
  private final PrintStream out;
  private final String job;
  private final int totalFiles;
  private final int passes;
  private final long startedNanos = System.nanoTime();
  private final ScheduledExecutorService timer;
  private volatile boolean printed;
  private long lastRows = -1;
  private double lastRowsSeconds;
  private double lastPrintedSeconds;

  private RunProgress(
      PipelineResult result, PrintStream out, String job, int totalFiles, int passes, Duration interval) {
    this.result = result;
    this.out = out;
    this.job = job;
    this.totalFiles = totalFiles;
    this.passes = Math.max(1, passes);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, job + "-progress");
      t.setDaemon(true);
      return t;
    });
    long millis = interval.toMillis();
    timer.scheduleAtFixedRate(this::printLine, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts printing the progress of a pipeline that is running ({@code run()} has returned; on the
   * Direct runner that needs {@code --blockOnRun=false}).
   *
   * @param totalFiles the files the run was given, 0 if not known
   */
  public static RunProgress start(PipelineResult result, PrintStream out, String job, int totalFiles) {
    return start(result, out, job, totalFiles, 1, INTERVAL);
  }

  /**
   * @param passes how many times the pipeline reads its input (a pass that needs what an earlier
   *     one found reads the files again): the counters add up over the passes
   */
  public static RunProgress start(
      PipelineResult result, PrintStream out, String job, int totalFiles, int passes, Duration interval) {
    return new RunProgress(result, out, job, totalFiles, passes, interval);
  }

  /** Stops; when lines were printed, prints the final counts. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (printed) {
      long[] counts = counts();
      if (counts != null) {
        see(counts);
        out.println(job + ": done in " + elapsed(seconds()) + ": " + read(counts));
      }
    }
  }

  private void printLine() {
    long[] counts = counts();
    if (counts == null) {
      return;
    }
    boolean moved = see(counts);
    double now = seconds();
    // Once the counts stand still (reading done, shuffles and writes going on), fewer lines.
    if (!moved && printed && now - lastPrintedSeconds < QUIET.getSeconds()) {
      return;
    }
    boolean allRead = totalFiles > 0 && counts[0] >= (long) totalFiles * passes && !moved && counts[1] > 0;
    out.println(job + ": " + elapsed(now) + ": " + read(counts)
        + (allRead ? "; reading done, the rest of the pipeline is running" : ""));
    printed = true;
    lastPrintedSeconds = now;
  }

  /** Notes when the row count last grew (the rate is over the reading, not the whole run). */
  private synchronized boolean see(long[] counts) {
    if (counts[1] != lastRows) {
      lastRows = counts[1];
      lastRowsSeconds = seconds();
      return true;
    }
    return false;
  }

  private String read(long[] counts) {
    DecimalFormat grouped = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
    String files = totalFiles > 0 ? counts[0] + " of " + totalFiles + " files" : counts[0] + " files";
    if (passes > 1 && totalFiles > 0) {
      // A pass is done when it has opened every file: the last file opened says which pass reads.
      long pass = Math.max(1, Math.min(passes, (counts[0] + totalFiles - 1) / totalFiles));
      files = (counts[0] - (pass - 1) * totalFiles) + " of " + totalFiles + " files in pass " + pass + " of " + passes;
    }
    double seconds;
    synchronized (this) {
      seconds = lastRowsSeconds;
    }
    return "read " + files + ", " + grouped.format(counts[1]) + " rows ("
        + grouped.format(seconds > 0 ? counts[1] / seconds : 0) + " rows/s)";
  }

  private double seconds() {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  private static String elapsed(double seconds) {
    long s = Math.round(seconds);
    return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
  }

  /** {files, rows} so far; null when the runner cannot say (then nothing is printed). */
  private long[] counts() {
    try {
      MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder().build());
      long files = 0;
      long rows = 0;
      for (MetricResult<Long> counter : metrics.getCounters()) {
        String name = counter.getName().getName();
        Long value = counter.getAttempted();
        if (value != null && name.equals(FILES)) {
          files += value;
        } else if (value != null && name.equals(ROWS)) {
          rows += value;
        }
      }
      return new long[] {files, rows};
    } catch (RuntimeException e) {
      // A runner without live metrics, or one not started yet: no progress lines, never a failed run.
      LOG.debug("{}: no metrics for progress", job, e);
      return null;
    }
  }
}

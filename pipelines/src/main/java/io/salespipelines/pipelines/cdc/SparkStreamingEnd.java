package io.salespipelines.pipelines.cdc;

import java.io.IOException;
import java.util.Map;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.util.GlobalWatermarkHolder;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a streaming run on Beam's Spark runner. The Direct runner ends a pipeline by itself when every
 * watermark has reached the end of time; Spark Streaming never does, so the driver watches the
 * watermarks the runner publishes per micro-batch ({@link GlobalWatermarkHolder}). Once every
 * source's watermark is at the end of time (the folder source was idle for --stopAfterIdleSeconds)
 * and a few more micro-batches have run (the one that fires the last panes of every window and the
 * one that writes them), it stops the streaming context gracefully.
 */
final class SparkStreamingEnd {
  private static final Logger LOG = LoggerFactory.getLogger(SparkStreamingEnd.class);
  /** Micro-batches to let run after the end of the input: fire the last panes, write them, spare. */
  private static final int DRAIN_BATCHES = 4;

  private SparkStreamingEnd() {}

  static boolean isSpark(PipelineOptions options) {
    return options.getRunner().getSimpleName().contains("Spark");
  }

  /**
   * A checkpoint folder of the run (Spark Streaming keeps the state of stateful steps there), and a
   * clean slate: the runner keeps watermarks and metrics in JVM-wide holders, which an earlier run
   * in the same JVM (tests, an embedding application) would otherwise leave behind.
   */
  static void configure(OrdersCdcOptions options, String output, String runId) throws IOException {
    GlobalWatermarkHolder.clear();
    org.apache.beam.runners.spark.metrics.MetricsAccumulator.clear();
    SparkPipelineOptions spark = options.as(SparkPipelineOptions.class);
    ResourceId out = FileSystems.matchNewResource(output, true);
    if ("file".equals(out.getScheme()) && spark.getCheckpointDir().startsWith("/tmp/")) {
      spark.setCheckpointDir(out + "_state/spark_checkpoint/" + runId);
    }
  }

  static PipelineResult.State awaitSourceEnd(PipelineResult result, OrdersCdcOptions options) throws IOException {
    long batch = options.as(SparkPipelineOptions.class).getBatchIntervalMillis();
    Instant endSeenAt = null;
    while (true) {
      PipelineResult.State state = result.waitUntilFinish(Duration.millis(Math.max(200, batch)));
      if (state != null && state.isTerminal()) {
        return state;
      }
      Map<Integer, GlobalWatermarkHolder.SparkWatermarks> watermarks = GlobalWatermarkHolder.get(batch);
      if (watermarks.isEmpty()) {
        continue;
      }
      boolean allEnded = true;
      Instant processed = BoundedWindow.TIMESTAMP_MIN_VALUE;
      for (GlobalWatermarkHolder.SparkWatermarks w : watermarks.values()) {
        allEnded &= !w.getLowWatermark().isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE);
        if (w.getSynchronizedProcessingTime().isAfter(processed)) {
          processed = w.getSynchronizedProcessingTime();
        }
      }
      if (!allEnded) {
        continue;
      }
      if (endSeenAt == null) {
        endSeenAt = processed;
        LOG.info("every source has ended; letting {} more micro-batches drain the last panes", DRAIN_BATCHES);
      } else if (!processed.isBefore(endSeenAt.plus(Duration.millis(batch * DRAIN_BATCHES)))) {
        LOG.info("stopping the Spark streaming context");
        result.cancel();
        return PipelineResult.State.DONE;
      }
    }
  }
}

package io.salespipelines.pipelines.kinesis;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;

import io.salespipelines.pipelines.generate.KinesisPutter;
import io.salespipelines.pipelines.s3.S3JobOptions;
import io.salespipelines.transforms.cdc.ReadKinesisRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.TestSparkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * ReadKinesisRecords on Beam's Spark runner in local mode (Spark 3.5), against the
 * Kinesis-compatible server that {@code scripts/kinesis-server.sh} starts (skipped when
 * TEST_KINESIS_ENDPOINT is not set): a bounded read of a stream of several shards gives exactly
 * the records put; an unbounded read in Spark's streaming mode gives every record once, those
 * put before the run and those put while it runs, in event-time windows written as files; the
 * test stops it when every record is in a file. (Spark local runs its tasks in this JVM; that the
 * JSON-protocol switch reaches executors in other JVMs through the pipeline options is
 * JsonKinesisClientBuilderFactoryTest's.)
 */
public class ReadKinesisRecordsOnSparkTest {
  private static String previousUi;

  @BeforeClass
  public static void noSparkUi() {
    previousUi = System.setProperty("spark.ui.enabled", "false");
  }

  @AfterClass
  public static void restoreUi() {
    if (previousUi == null) {
      System.clearProperty("spark.ui.enabled");
    } else {
      System.setProperty("spark.ui.enabled", previousUi);
    }
  }

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void unboundedReadInStreamingModeGivesEveryRecordOnce() throws Exception {
    try (KinesisTestServer server = KinesisTestServer.connect()) {
      String stream = server.createStream("spark-streaming", 2);
      List<String> records = new ArrayList<>();
      try (KinesisPutter putter = KinesisPutter.open(server.options(), stream)) {
        for (int i = 0; i < 40; i++) {
          records.add("before-" + i);
          putter.put("k" + i, "before-" + i);
        }
      }

      List<String> args = new ArrayList<>(List.of(server.args()));
      args.add("--runner=SparkRunner");
      args.add("--sparkMaster=local[2]");
      args.add("--streaming=true");
      args.add("--batchIntervalMillis=500");
      args.add("--checkpointDir=" + tmp.newFolder("checkpoint"));
      Path out = tmp.newFolder("out").toPath();
      S3JobOptions options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(S3JobOptions.class);
      Pipeline p = Pipeline.create(options);
      p.apply(
              ReadKinesisRecords.fromStream(stream)
                  .withInitialPosition("TRIM_HORIZON")
                  // Windows close a second after the last record instead of KinesisIO's 2 minutes.
                  .withWatermarkIdleThreshold(Duration.standardSeconds(1)))
          .apply(Window.into(FixedWindows.of(Duration.standardSeconds(2))))
          .apply(TextIO.write().to(out.resolve("part").toString()).withWindowedWrites().withNumShards(1));
      PipelineResult result = p.run();
      try {
        try (KinesisPutter putter = KinesisPutter.open(server.options(), stream)) {
          for (int i = 0; i < 60; i++) {
            records.add("during-" + i);
            putter.put("k" + i, "during-" + i);
            if (i % 10 == 9) {
              putter.flush();
            }
          }
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (linesWritten(out).size() < records.size() && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
      } finally {
        try {
          result.cancel();
        } catch (RuntimeException e) {
          // Cancelling interrupts Spark's job generator, which may be listing the stream's shards
          // for the next micro-batch just then; what was written is checked below either way.
          if (!interruptedByTheStop(e)) {
            throw e;
          }
        }
      }
      assertThat(linesWritten(out), containsInAnyOrder(records.toArray()));
    }
  }

  private static boolean interruptedByTheStop(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String name = t.getClass().getSimpleName();
      if (t instanceof InterruptedException || name.equals("AbortedException") || name.equals("SdkInterruptedException")) {
        return true;
      }
    }
    return false;
  }

  /** The lines of the finished window files (not of those being written). */
  private static List<String> linesWritten(Path out) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("part")).collect(Collectors.toList())) {
        lines.addAll(Files.readAllLines(f));
      }
    }
    return lines;
  }

  @Test
  public void boundedReadGivesEveryRecordOnceOnSpark() throws Exception {
    try (KinesisTestServer server = KinesisTestServer.connect()) {
      String stream = server.createStream("spark", 3);
      List<String> records = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        records.add("{\"eventID\":\"" + i + "\",\"eventName\":\"INSERT\",\"note\":\"Zoë 日本\"}");
      }
      records.add("twice");
      records.add("twice");
      try (KinesisPutter putter = KinesisPutter.open(server.options(), stream)) {
        for (int i = 0; i < records.size(); i++) {
          putter.put("order-" + i, records.get(i));
        }
      }

      List<String> args = new ArrayList<>(List.of(server.args()));
      args.add("--runner=" + TestSparkRunner.class.getSimpleName());
      args.add("--sparkMaster=local[2]");
      S3JobOptions options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(S3JobOptions.class);
      options.as(SparkPipelineOptions.class).setRunner(TestSparkRunner.class);
      Pipeline p = Pipeline.create(options);
      PCollection<String> read =
          p.apply(
              ReadKinesisRecords.fromStream(stream)
                  .withInitialPosition("TRIM_HORIZON")
                  .withMaxNumRecords(records.size())
                  .withMaxReadTime(Duration.standardMinutes(2)));
      PAssert.that(read).containsInAnyOrder(records);
      // TestSparkRunner waits for the run, checks that every PAssert ran, and stops the context.
      p.run().waitUntilFinish();
    }
  }
}

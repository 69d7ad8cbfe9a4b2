package io.salespipelines.pipelines.kinesis;

import io.salespipelines.pipelines.generate.KinesisPutter;
import io.salespipelines.pipelines.s3.S3JobOptions;
import io.salespipelines.transforms.cdc.ReadKinesisRecords;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.TestSparkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * ReadKinesisRecords on Beam's Spark runner in local mode (Spark 3.5), against the
 * Kinesis-compatible server that {@code scripts/kinesis-server.sh} starts (skipped when
 * TEST_KINESIS_ENDPOINT is not set): a bounded read of a stream of several shards gives exactly
 * the records put. (Spark local runs its tasks in this JVM; that the JSON-protocol switch reaches
 * executors in other JVMs through the pipeline options is JsonKinesisClientBuilderFactoryTest's.)
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

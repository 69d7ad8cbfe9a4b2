package io.salespipelines.transforms.cdc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.aws2.options.AwsOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Reads streams of several shards on the Kinesis-compatible server that {@code
 * scripts/kinesis-server.sh} starts (kinesalite; CI always starts it, elsewhere the server cases
 * are skipped when TEST_KINESIS_ENDPOINT is not set) through Beam's KinesisIO on the Direct runner.
 * Records are put with the AWS SDK; KinesisPutterTest (pipelines) does the round trip with the
 * project's putter. The bounded reads stop at a record count, with a read-time bound that turns a
 * missing record into a failure instead of a hang; the unbounded read is stopped by the test once
 * its event-time windows hold the records.
 */
public class ReadKinesisRecordsTest {
  private static final Duration GIVE_UP_AFTER = Duration.standardMinutes(2);

  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void readsEveryRecordOfEveryShardFromTrimHorizon() throws Exception {
    try (KinesisTestStreams server = KinesisTestStreams.connect()) {
      String stream = server.createStream("trim-horizon", 3);
      List<String> records = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        records.add("{\"eventID\":\"e-" + i + "\",\"text\":\"Zoë 日本 \\\"quoted\\\"\"}");
      }
      records.add("same data twice");
      records.add("same data twice");
      records.add("");
      assertThat("records on every shard", put(server, stream, records, "order-").size(), is(3));

      pipeline(server.pipelineArgs());
      PCollection<String> read =
          p.apply(
              ReadKinesisRecords.fromStream(stream)
                  .withInitialPosition("TRIM_HORIZON")
                  .withMaxNumRecords(records.size())
                  .withMaxReadTime(GIVE_UP_AFTER));
      PAssert.that(read).containsInAnyOrder(records);
      p.run().waitUntilFinish();
    }
  }

  @Test
  public void startsAtATimeWithTheFirstRecordThatArrivedAtOrAfterIt() throws Exception {
    try (KinesisTestStreams server = KinesisTestStreams.connect()) {
      String stream = server.createStream("at-timestamp", 3);
      List<String> before = new ArrayList<>();
      List<String> after = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        before.add("before-" + i);
        after.add("after-" + i);
      }
      assertThat("records before the start on every shard", put(server, stream, before, "key-").size(), is(3));
      Instant start = nextMillisecond();
      // One partition key: two shards have nothing at or after the start, where kinesalite's own
      // GetShardIterator never answers (scripts/kinesalite/server.js answers as Kinesis does).
      assertThat("records after the start on one shard", put(server, stream, after, "one-key").size(), is(1));

      pipeline(server.pipelineArgs());
      PCollection<String> read =
          p.apply(
              ReadKinesisRecords.fromStream(stream)
                  .withInitialPosition(start.toString())
                  .withMaxNumRecords(after.size())
                  .withMaxReadTime(GIVE_UP_AFTER));
      PAssert.that(read).containsInAnyOrder(after);
      p.run().waitUntilFinish();
    }
  }

  @Test
  public void unboundedReadGivesRecordsPutWhileItRunsInEventTimeWindows() throws Exception {
    try (KinesisTestStreams server = KinesisTestStreams.connect()) {
      String stream = server.createStream("unbounded", 2);
      pipeline(server.pipelineArgs());
      p.getOptions().as(DirectOptions.class).setBlockOnRun(false);
      Path out = tmp.newFolder("out").toPath();
      p.apply(
              ReadKinesisRecords.fromStream(stream)
                  .withWatermarkIdleThreshold(Duration.standardSeconds(1)))
          .apply(Window.into(FixedWindows.of(Duration.standardSeconds(2))))
          .apply(TextIO.write().to(out.resolve("part").toString()).withWindowedWrites().withNumShards(1));
      PipelineResult result = p.run();
      List<String> records = new ArrayList<>();
      try {
        // LATEST: the read sees what is put after it started, so keep putting until it has one.
        for (int i = 0; linesWritten(out).isEmpty(); i++) {
          assertThat("the read started within a minute", i < 600, is(true));
          records.add("early-" + i);
          put(server, stream, List.of("early-" + i), "k-");
          Thread.sleep(100);
        }
        for (int i = 0; i < 30; i++) {
          records.add("late-" + i);
        }
        put(server, stream, records.subList(records.size() - 30, records.size()), "k-");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!linesWritten(out).containsAll(records.subList(records.size() - 30, records.size()))
            && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
      } finally {
        result.cancel();
      }
      List<String> written = linesWritten(out);
      assertThat("no record twice", new TreeSet<>(written).size(), is(written.size()));
      assertThat(records.containsAll(written), is(true));
      assertThat(written.containsAll(records.subList(records.size() - 30, records.size())), is(true));
    }
  }

  @Test
  public void findsCredentialsInTheDefaultChain() throws Exception {
    try (KinesisTestStreams server = KinesisTestStreams.connect()) {
      String stream = server.createStream("default-chain", 2);
      List<String> records = List.of("a", "b", "c", "d", "e", "f");
      put(server, stream, records, "k-");

      // No --awsCredentialsProvider: the SDK's default chain, whose first link is these properties.
      System.setProperty("aws.accessKeyId", KinesisTestStreams.ACCESS_KEY);
      System.setProperty("aws.secretAccessKey", KinesisTestStreams.SECRET_KEY);
      try {
        pipeline("--awsRegion=" + KinesisTestStreams.REGION, "--endpoint=" + server.endpoint);
        PCollection<String> read =
            p.apply(
                ReadKinesisRecords.fromStream(stream)
                    .withInitialPosition("trim_horizon")
                    .withMaxNumRecords(records.size())
                    .withMaxReadTime(GIVE_UP_AFTER));
        PAssert.that(read).containsInAnyOrder(records);
        p.run().waitUntilFinish();
      } finally {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
      }
    }
  }

  @Test
  public void aWrongEndpointFailsTheRunWithTheConnectionError() {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    pipeline(
            "--awsRegion=us-east-1",
            "--endpoint=http://127.0.0.1:1",
            "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\","
                + "\"accessKeyId\":\"k\",\"secretAccessKey\":\"s\"}");
    p.apply(
        ReadKinesisRecords.fromStream("nowhere")
            .withInitialPosition("TRIM_HORIZON")
            .withMaxNumRecords(1)
            .withMaxReadTime(GIVE_UP_AFTER));
    RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    String causes = causes(e);
    assertThat(causes, containsString("127.0.0.1:1"));
    assertThat(causes, containsString("Connection refused"));
  }

  @Test
  public void initialPositionsAsUsersWriteThem() {
    assertThat(ReadKinesisRecords.InitialPosition.parse("LATEST").toString(), equalTo("LATEST"));
    assertThat(ReadKinesisRecords.InitialPosition.parse(" latest ").getTimestamp(), nullValue());
    assertThat(
        ReadKinesisRecords.InitialPosition.parse("trim_horizon").toString(), equalTo("TRIM_HORIZON"));
    Instant t = Instant.parse("2025-06-10T14:35:00Z");
    assertThat(ReadKinesisRecords.InitialPosition.parse("2025-06-10T14:35:00Z").getTimestamp(), equalTo(t));
    assertThat(
        ReadKinesisRecords.InitialPosition.parse("2025-06-10T16:35:00+02:00").getTimestamp(), equalTo(t));
    assertThat(ReadKinesisRecords.InitialPosition.parse("2025-06-10T14:35:00").getTimestamp(), equalTo(t));
    assertThat(
        ReadKinesisRecords.InitialPosition.parse("2025-06-10T14:35:00.123Z").getTimestamp(),
        equalTo(t.plus(123)));
    assertThat(
        ReadKinesisRecords.InitialPosition.parse("2025-06-10").getTimestamp(),
        equalTo(Instant.parse("2025-06-10T00:00:00Z")));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReadKinesisRecords.InitialPosition.parse("yesterday"));
    assertThat(
        e.getMessage(),
        equalTo(
            "initial position 'yesterday' is not LATEST, TRIM_HORIZON or an ISO-8601 time such as"
                + " 2025-06-10T14:35:00Z"));
    assertThrows(IllegalArgumentException.class, () -> ReadKinesisRecords.fromStream(" "));
    assertThrows(
        IllegalArgumentException.class, () -> ReadKinesisRecords.fromStream("s").withMaxNumRecords(0));
  }

  /** The lines of the finished window files (not of those being written). */
  private static List<String> linesWritten(Path out) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path f :
          files.filter(f -> f.getFileName().toString().startsWith("part")).collect(Collectors.toList())) {
        lines.addAll(Files.readAllLines(f));
      }
    }
    return lines;
  }

  /** The rule's pipeline with these options, parsed as on a command line. */
  private TestPipeline pipeline(String... args) {
    AwsOptions given = PipelineOptionsFactory.fromArgs(args).as(AwsOptions.class);
    AwsOptions options = p.getOptions().as(AwsOptions.class);
    options.setAwsRegion(given.getAwsRegion());
    options.setEndpoint(given.getEndpoint());
    options.setAwsCredentialsProvider(given.getAwsCredentialsProvider());
    return p;
  }

  /**
   * Puts the records (keys {@code prefix + index} for a prefix ending in '-', else the key itself)
   * and returns how many landed on each shard.
   */
  private static Map<String, Integer> put(
      KinesisTestStreams server, String stream, List<String> records, String keyPrefix) {
    List<PutRecordsRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      entries.add(
          PutRecordsRequestEntry.builder()
              .partitionKey(keyPrefix.endsWith("-") ? keyPrefix + i : keyPrefix)
              .data(SdkBytes.fromUtf8String(records.get(i)))
              .build());
    }
    PutRecordsResponse response =
        server.client.putRecords(
            PutRecordsRequest.builder().streamName(stream).records(entries).build());
    assertThat(response.failedRecordCount(), is(0));
    Map<String, Integer> perShard = new HashMap<>();
    for (PutRecordsResultEntry r : response.records()) {
      perShard.merge(r.shardId(), 1, Integer::sum);
    }
    return perShard;
  }

  /**
   * A time strictly after every record put so far and at or before every record put later: the
   * next millisecond of the clock kinesalite stamps arrivals with (this machine's), waited for.
   */
  private static Instant nextMillisecond() {
    long now = System.currentTimeMillis();
    long next;
    do {
      next = System.currentTimeMillis();
    } while (next <= now);
    return new Instant(next);
  }

  private static String causes(Throwable e) {
    TreeSet<String> seen = new TreeSet<>();
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null && seen.add(String.valueOf(t)); t = t.getCause()) {
      text.append(t).append('\n');
    }
    return text.toString();
  }
}

package io.salespipelines.pipelines.generate;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertThrows;

import io.salespipelines.pipelines.UsageException;
import io.salespipelines.pipelines.kinesis.KinesisTestServer;
import io.salespipelines.pipelines.s3.S3JobOptions;
import io.salespipelines.transforms.cdc.ReadKinesisRecords;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.aws2.options.AwsOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Puts onto streams of the Kinesis-compatible server that {@code scripts/kinesis-server.sh} starts
 * (skipped when TEST_KINESIS_ENDPOINT is not set; CI always sets it) and reads them back, with
 * Beam's KinesisIO through {@link ReadKinesisRecords} and with the SDK. kinesalite never fails a
 * record of a batch, so the retry cases put faults in front of the real server: the records they
 * let through land on it, the others are reported failed as Kinesis reports them.
 */
public class KinesisPutterTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void putsEveryRecordOnceInBatchesOfAtMost500AndKinesisIoReadsThemBack() throws Exception {
    try (KinesisTestServer server = KinesisTestServer.connect()) {
      String stream = server.createStream("putter", 3);
      List<String> records = new ArrayList<>();
      for (int i = 0; i < 499; i++) {
        records.add("{\"eventID\":\"" + i + "\",\"name\":\"Zoë's 日本 order\"}");
      }
      records.add("twice");
      records.add("twice");
      long calls;
      try (KinesisPutter putter = KinesisPutter.open(server.options(), stream)) {
        for (int i = 0; i < records.size(); i++) {
          putter.put("order-" + (i % 97), records.get(i));
        }
        putter.flush();
        assertThat(putter.recordsPut(), is(501L));
        calls = putter.calls();
      }
      assertThat("500 + 1", calls, is(2L));

      S3JobOptions options = p.getOptions().as(S3JobOptions.class);
      AwsOptions given = server.options();
      options.setAwsRegion(given.getAwsRegion());
      options.setEndpoint(given.getEndpoint());
      options.setAwsCredentialsProvider(given.getAwsCredentialsProvider());
      PCollection<String> read =
          p.apply(
              ReadKinesisRecords.fromStream(stream)
                  .withInitialPosition("TRIM_HORIZON")
                  .withMaxNumRecords(records.size())
                  .withMaxReadTime(Duration.standardMinutes(2)));
      PAssert.that(read).containsInAnyOrder(records);
      p.run().waitUntilFinish();
    }
  }

  @Test
  public void keepsEachCallWithinFiveMebibytes() throws Exception {
    try (KinesisTestServer server = KinesisTestServer.connect()) {
      String stream = server.createStream("big-records", 2);
      List<Long> callBytes = new ArrayList<>();
      List<Integer> callRecords = new ArrayList<>();
      List<String> records = new ArrayList<>();
      try (KinesisPutter putter =
          putter(
              server,
              stream,
              request -> {
                callRecords.add(request.records().size());
                callBytes.add(
                    request.records().stream()
                        .mapToLong(e -> e.data().asByteArray().length + e.partitionKey().length())
                        .sum());
                return server.client.putRecords(request);
              },
              3)) {
        for (int i = 0; i < 12; i++) {
          String data = i + "-" + "x".repeat(900 * 1024);
          records.add(data);
          putter.put("k" + i, data);
        }
      }
      assertThat(callBytes, everyItem(lessThanOrEqualTo(KinesisPutter.MAX_BYTES_PER_CALL)));
      assertThat("5 + 5 + 2 records of 900 KiB", callRecords, equalTo(List.of(5, 5, 2)));
      assertThat(server.readAll(stream), containsInAnyOrder(records.toArray()));
    }
  }

  @Test
  public void retriesTheRecordsABatchReportsAsFailed() throws Exception {
    try (KinesisTestServer server = KinesisTestServer.connect()) {
      String stream = server.createStream("retries", 2);
      int[] call = {0};
      List<String> records = new ArrayList<>();
      KinesisPutter putter =
          putter(
              server,
              stream,
              request -> {
                // The first two calls let every other record through, as a throttled shard would.
                boolean throttle = call[0]++ < 2;
                return throttle ? putHalf(server, request) : server.client.putRecords(request);
              },
              5);
      for (int i = 0; i < 40; i++) {
        records.add("record-" + i);
        putter.put("key-" + i, "record-" + i);
      }
      putter.close();
      assertThat(putter.recordsPut(), is(40L));
      assertThat("20 failed, then 10 of them again", putter.retriedRecords(), is(30L));
      assertThat(putter.calls(), is(3L));
      assertThat(server.readAll(stream), containsInAnyOrder(records.toArray()));
    }
  }

  @Test
  public void givesUpAfterItsAttemptsAndSaysHowManyRecordsWereNotPut() throws Exception {
    try (KinesisTestServer server = KinesisTestServer.connect()) {
      String stream = server.createStream("gives-up", 1);
      KinesisPutter putter = putter(server, stream, request -> putHalf(server, request), 3);
      for (int i = 0; i < 8; i++) {
        putter.put("key", "r" + i);
      }
      KinesisPutter.PutFailedException e =
          assertThrows(KinesisPutter.PutFailedException.class, putter::close);
      assertThat(
          e.getMessage(),
          equalTo(
              "1 records could not be put onto Kinesis stream '" + stream + "' in 3 attempts (last"
                  + " error ProvisionedThroughputExceededException: Rate exceeded for shard"
                  + " shardId-000000000000 in stream " + stream + "); 7 records were put"));
      assertThat(server.readAll(stream).size(), is(7));
    }
  }

  @Test
  public void aStreamThatDoesNotExistIsOneLine() {
    try (KinesisTestServer server = KinesisTestServer.connect()) {
      UsageException e =
          assertThrows(
              UsageException.class, () -> KinesisPutter.open(server.options(), "no-such-stream"));
      assertThat(
          e.getMessage(),
          equalTo(
              "--stream: Kinesis stream 'no-such-stream' does not exist (region us-east-1, endpoint "
                  + server.endpoint + "); create it first, e.g. aws kinesis create-stream"
                  + " --stream-name no-such-stream --shard-count 2"));
    }
  }

  @Test
  public void anEndpointNobodyAnswersAtIsOneLine() {
    S3JobOptions options =
        PipelineOptionsFactory.fromArgs(
                "--awsRegion=us-east-1",
                "--endpoint=http://127.0.0.1:1",
                "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\","
                    + "\"accessKeyId\":\"k\",\"secretAccessKey\":\"s\"}")
            .as(S3JobOptions.class);
    UsageException e = assertThrows(UsageException.class, () -> KinesisPutter.open(options, "s"));
    assertThat(
        e.getMessage(),
        equalTo(
            "cannot reach the Kinesis endpoint http://127.0.0.1:1: Connection refused (check"
                + " --endpoint)"));
  }

  @Test
  public void noRegionOrNoCredentialsIsOneLine() {
    S3JobOptions options = PipelineOptionsFactory.fromArgs("--endpoint=http://127.0.0.1:1").as(S3JobOptions.class);
    options.setAwsRegion(null);
    UsageException noRegion =
        assertThrows(UsageException.class, () -> KinesisPutter.open(options, "s"));
    assertThat(
        noRegion.getMessage(),
        equalTo(
            "no AWS region for Kinesis: set --awsRegion (e.g. --awsRegion=us-east-1), the"
                + " AWS_REGION environment variable or a region in the AWS profile"));

    S3JobOptions noCredentials =
        PipelineOptionsFactory.fromArgs(
                "--awsRegion=us-east-1",
                "--awsCredentialsProvider={\"@type\":\"ProfileCredentialsProvider\","
                    + "\"profileName\":\"no-such-profile-" + System.nanoTime() + "\"}")
            .as(S3JobOptions.class);
    UsageException e =
        assertThrows(UsageException.class, () -> KinesisPutter.open(noCredentials, "s"));
    assertThat(e.getMessage().startsWith("no AWS credentials for Kinesis ("), is(true));
    assertThat(
        e.getMessage().endsWith(
            "): set --awsCredentialsProvider, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an AWS"
                + " profile"),
        is(true));
  }

  @Test
  public void refusesRecordsKinesisWouldRefuse() {
    KinesisPutter putter =
        new KinesisPutter(null, "s", request -> { throw new AssertionError("no call"); }, () -> {}, 1, 1);
    IllegalArgumentException big =
        assertThrows(
            IllegalArgumentException.class,
            () -> putter.put("k", "x".repeat(KinesisPutter.MAX_DATA_BYTES + 1)));
    assertThat(
        big.getMessage(),
        equalTo("a Kinesis record holds at most 1048576 bytes of data, this one has 1048577 (partition key k)"));
    assertThrows(IllegalArgumentException.class, () -> putter.put("", "x"));
    assertThrows(IllegalArgumentException.class, () -> putter.put("k".repeat(257), "x"));
    putter.close();
  }

  private static KinesisPutter putter(
      KinesisTestServer server, String stream, KinesisPutter.PutRecordsCall call, int maxAttempts) {
    return new KinesisPutter(server.options(), stream, call, () -> {}, maxAttempts, 1);
  }

  /**
   * Sends the even-indexed entries to the server and reports the odd ones failed, as Kinesis
   * reports records of a shard that is over its throughput.
   */
  private static PutRecordsResponse putHalf(KinesisTestServer server, PutRecordsRequest request) {
    List<PutRecordsRequestEntry> through = new ArrayList<>();
    for (int i = 0; i < request.records().size(); i += 2) {
      through.add(request.records().get(i));
    }
    List<PutRecordsResultEntry> sent =
        server.client.putRecords(request.toBuilder().records(through).build()).records();
    List<PutRecordsResultEntry> results = new ArrayList<>();
    int failed = 0;
    for (int i = 0; i < request.records().size(); i++) {
      if (i % 2 == 0) {
        results.add(sent.get(i / 2));
      } else {
        failed++;
        results.add(
            PutRecordsResultEntry.builder()
                .errorCode("ProvisionedThroughputExceededException")
                .errorMessage(
                    "Rate exceeded for shard shardId-000000000000 in stream "
                        + request.streamName())
                .build());
      }
    }
    return PutRecordsResponse.builder().failedRecordCount(failed).records(results).build();
  }
}

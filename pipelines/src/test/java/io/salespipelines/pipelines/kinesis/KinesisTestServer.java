package io.salespipelines.pipelines.kinesis;

import io.salespipelines.pipelines.s3.S3JobOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Assume;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.CreateStreamRequest;
import software.amazon.awssdk.services.kinesis.model.DeleteStreamRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The Kinesis-compatible server the tests run against ({@code scripts/kinesis-server.sh start}
 * exports {@code TEST_KINESIS_ENDPOINT}; CI always starts it), job options that reach it, and
 * streams made on it for one test.
 */
public final class KinesisTestServer implements AutoCloseable {
  public static final String REGION = "us-east-1";
  public static final String ACCESS_KEY = "test-access-key";
  public static final String SECRET_KEY = "test-secret-key";

  public final String endpoint;
  public final KinesisClient client;
  private final List<String> created = new ArrayList<>();

  private KinesisTestServer(String endpoint) {
    this.endpoint = endpoint;
    this.client = KinesisPreflight.client(options());
  }

  /** The server, or the test is skipped when TEST_KINESIS_ENDPOINT is not set. */
  public static KinesisTestServer connect() {
    String endpoint = System.getenv("TEST_KINESIS_ENDPOINT");
    Assume.assumeTrue(
        "TEST_KINESIS_ENDPOINT not set: start the server with"
            + " eval \"$(scripts/kinesis-server.sh start)\"",
        endpoint != null && !endpoint.isBlank());
    return new KinesisTestServer(endpoint);
  }

  /** Command-line options of a job that reaches the server with static test credentials. */
  public String[] args() {
    return new String[] {
      "--awsRegion=" + REGION,
      "--endpoint=" + endpoint,
      "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\""
          + ACCESS_KEY + "\",\"secretAccessKey\":\"" + SECRET_KEY + "\"}"
    };
  }

  /** The job's AWS options (as every job has them) parsed from {@link #args}. */
  public S3JobOptions options() {
    return PipelineOptionsFactory.fromArgs(args()).as(S3JobOptions.class);
  }

  /** A new stream of {@code shards} shards with a unique name, once it is ACTIVE. */
  public String createStream(String prefix, int shards) throws InterruptedException {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    client.createStream(CreateStreamRequest.builder().streamName(name).shardCount(shards).build());
    created.add(name);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (client
            .describeStreamSummary(DescribeStreamSummaryRequest.builder().streamName(name).build())
            .streamDescriptionSummary()
            .streamStatus()
        != StreamStatus.ACTIVE) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("stream " + name + " did not become ACTIVE in 30 s");
      }
      Thread.sleep(20);
    }
    return name;
  }

  /** Every record's data in the stream, shard by shard from the oldest, read with the SDK. */
  public List<String> readAll(String stream) {
    List<String> data = new ArrayList<>();
    for (Shard shard :
        client.listShards(ListShardsRequest.builder().streamName(stream).build()).shards()) {
      String iterator =
          client
              .getShardIterator(
                  GetShardIteratorRequest.builder()
                      .streamName(stream)
                      .shardId(shard.shardId())
                      .shardIteratorType(ShardIteratorType.TRIM_HORIZON)
                      .build())
              .shardIterator();
      while (true) {
        GetRecordsResponse response =
            client.getRecords(GetRecordsRequest.builder().shardIterator(iterator).build());
        for (Record record : response.records()) {
          data.add(record.data().asUtf8String());
        }
        // An open shard always has a next iterator; it is caught up when a read returns nothing.
        if (response.records().isEmpty() || response.nextShardIterator() == null) {
          break;
        }
        iterator = response.nextShardIterator();
      }
    }
    return data;
  }

  /** Deletes the streams this test made (the server keeps streams until it stops), then closes. */
  @Override
  public void close() {
    try {
      for (String stream : created) {
        client.deleteStream(DeleteStreamRequest.builder().streamName(stream).build());
      }
    } finally {
      client.close();
    }
  }
}

package io.salespipelines.transforms.cdc;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.aws2.common.ClientConfiguration;
import org.apache.beam.sdk.io.aws2.options.AwsOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Assume;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.CreateStreamRequest;
import software.amazon.awssdk.services.kinesis.model.DeleteStreamRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The Kinesis-compatible server the tests run against ({@code scripts/kinesis-server.sh start}
 * exports {@code TEST_KINESIS_ENDPOINT}), and streams made on it for one test.
 */
final class KinesisTestStreams implements AutoCloseable {
  static final String REGION = "us-east-1";
  static final String ACCESS_KEY = "test-access-key";
  static final String SECRET_KEY = "test-secret-key";

  final String endpoint;
  final KinesisClient client;
  private final List<String> created = new ArrayList<>();

  private KinesisTestStreams(String endpoint) {
    this.endpoint = endpoint;
    // Built as the project builds its clients: the JSON protocol for an overridden endpoint.
    // kinesalite keeps data put as CBOR as a CBOR byte string and returns it to a JSON reader as
    // {"type":"Buffer",...}, which the SDK cannot read ("bytes must not be null").
    AwsOptions options = PipelineOptionsFactory.fromArgs(pipelineArgs()).as(AwsOptions.class);
    this.client =
        new JsonKinesisClientBuilderFactory()
            .create(KinesisClient.builder(), ClientConfiguration.builder().build(), options)
            .build();
  }

  /** The server, or the test is skipped when TEST_KINESIS_ENDPOINT is not set. */
  static KinesisTestStreams connect() {
    String endpoint = System.getenv("TEST_KINESIS_ENDPOINT");
    Assume.assumeTrue(
        "TEST_KINESIS_ENDPOINT not set: start the server with"
            + " eval \"$(scripts/kinesis-server.sh start)\"",
        endpoint != null && !endpoint.isBlank());
    return new KinesisTestStreams(endpoint);
  }

  /** A new stream of {@code shards} shards with a unique name, once it is ACTIVE. */
  String createStream(String prefix, int shards) throws InterruptedException {
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

  /** Options a pipeline reads the server with: region, endpoint, static test credentials. */
  String[] pipelineArgs() {
    return new String[] {
      "--awsRegion=" + REGION,
      "--endpoint=" + endpoint,
      "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\""
          + ACCESS_KEY + "\",\"secretAccessKey\":\"" + SECRET_KEY + "\"}"
    };
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

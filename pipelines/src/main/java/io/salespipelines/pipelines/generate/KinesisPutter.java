package io.salespipelines.pipelines.generate;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.salespipelines.pipelines.kinesis.KinesisPreflight;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.aws2.options.AwsOptions;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Puts text records onto a Kinesis stream in PutRecords batches (at most 500 records and 5 MiB of
 * data and partition keys per call, Kinesis's limits). Records a batch reports as failed (shard
 * throughput exceeded, internal failure) are sent again with exponential backoff, a bounded number
 * of times; a record still failing then fails the putter. A retried record can land after records
 * put later with the same partition key: consumers that care order by their own sequence numbers.
 * {@link #close} puts what is still buffered.
 *
 * <p>The stream must exist: {@link #open} checks it and says so in one line otherwise (the putter
 * creates no streams, whose shard count and cost are the owner's choice).
 */
public final class KinesisPutter implements AutoCloseable {
  static final int MAX_RECORDS_PER_CALL = 500;
  static final long MAX_BYTES_PER_CALL = 5L * 1024 * 1024;
  static final int MAX_DATA_BYTES = 1024 * 1024;
  static final int MAX_PARTITION_KEY_CHARS = 256;
  static final int DEFAULT_MAX_ATTEMPTS = 10;
  static final long DEFAULT_INITIAL_BACKOFF_MILLIS = 100;
  static final long MAX_BACKOFF_MILLIS = 5_000;

  /** One PutRecords call; the real one is the client's, tests can put faults in front of it. */
  interface PutRecordsCall {
    PutRecordsResponse putRecords(PutRecordsRequest request);
  }

  /** A record that could not be put within the attempts, or a call Kinesis refused. */
  public static final class PutFailedException extends RuntimeException {
    PutFailedException(String message) {
      super(message);
    }
  }

  private final String stream;
  private final PutRecordsCall call;
  private final AutoCloseable client;
  private final int maxAttempts;
  private final long initialBackoffMillis;
  private final AwsOptions options;
  private final List<PutRecordsRequestEntry> pending = new ArrayList<>();
  private long pendingBytes;
  private long recordsPut;
  private long calls;
  private long retriedRecords;

  KinesisPutter(
      AwsOptions options,
      String stream,
      PutRecordsCall call,
      AutoCloseable client,
      int maxAttempts,
      long initialBackoffMillis) {
    this.options = options;
    this.stream = stream;
    this.call = call;
    this.client = client;
    this.maxAttempts = maxAttempts;
    this.initialBackoffMillis = initialBackoffMillis;
  }

  /**
   * A putter for {@code stream}, with the region, endpoint and credentials of the job's options
   * ({@code --awsRegion}, {@code --endpoint}, {@code --awsCredentialsProvider}, else the SDK's
   * default chains). Fails with a one-line {@code UsageException} when the stream does not exist,
   * is not ACTIVE, or cannot be reached.
   */
  public static KinesisPutter open(AwsOptions options, String stream) {
    KinesisClient client = KinesisPreflight.client(options);
    try {
      KinesisPreflight.requireStream(client, options, "--stream", stream);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
    return new KinesisPutter(
        options, stream, client::putRecords, client, DEFAULT_MAX_ATTEMPTS,
        DEFAULT_INITIAL_BACKOFF_MILLIS);
  }

  /** Buffers one record; sends a batch when the next record would not fit in it. */
  public void put(String partitionKey, String data) {
    if (partitionKey == null || partitionKey.isEmpty() || partitionKey.length() > MAX_PARTITION_KEY_CHARS) {
      throw new IllegalArgumentException(
          "a Kinesis partition key has 1 to " + MAX_PARTITION_KEY_CHARS + " characters, was "
              + (partitionKey == null ? "null" : partitionKey.length()));
    }
    byte[] bytes = data.getBytes(UTF_8);
    if (bytes.length > MAX_DATA_BYTES) {
      throw new IllegalArgumentException(
          "a Kinesis record holds at most " + MAX_DATA_BYTES + " bytes of data, this one has "
              + bytes.length + " (partition key " + partitionKey + ")");
    }
    long size = bytes.length + partitionKey.getBytes(UTF_8).length;
    if (pending.size() == MAX_RECORDS_PER_CALL || pendingBytes + size > MAX_BYTES_PER_CALL) {
      flush();
    }
    pending.add(
        PutRecordsRequestEntry.builder()
            .partitionKey(partitionKey)
            .data(SdkBytes.fromByteArrayUnsafe(bytes))
            .build());
    pendingBytes += size;
  }

  /** Sends the buffered records, retrying those that fail; returns when all are in the stream. */
  public void flush() {
    List<PutRecordsRequestEntry> batch = new ArrayList<>(pending);
    pending.clear();
    pendingBytes = 0;
    long backoff = initialBackoffMillis;
    String lastError = null;
    for (int attempt = 1; !batch.isEmpty(); attempt++) {
      if (attempt > maxAttempts) {
        throw new PutFailedException(
            batch.size() + " records could not be put onto Kinesis stream '" + stream + "' in "
                + maxAttempts + " attempts (last error " + lastError + "); " + recordsPut
                + " records were put");
      }
      if (attempt > 1) {
        retriedRecords += batch.size();
        sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      }
      PutRecordsResponse response;
      try {
        calls++;
        response = call.putRecords(PutRecordsRequest.builder().streamName(stream).records(batch).build());
      } catch (SdkException e) {
        // The SDK has already retried throttling and server errors of the call as a whole.
        throw new PutFailedException(
            KinesisPreflight.explain(options, "--stream", stream, e).getMessage() + "; "
                + recordsPut + " records were put");
      }
      List<PutRecordsRequestEntry> failed = new ArrayList<>();
      List<PutRecordsResultEntry> results = response.records();
      for (int i = 0; i < batch.size(); i++) {
        PutRecordsResultEntry result = results.get(i);
        if (result.errorCode() != null) {
          failed.add(batch.get(i));
          lastError = result.errorCode() + ": " + result.errorMessage();
        } else {
          recordsPut++;
        }
      }
      batch = failed;
    }
  }

  /** Records Kinesis has acknowledged so far. */
  public long recordsPut() {
    return recordsPut;
  }

  /** PutRecords calls made so far, retries included. */
  public long calls() {
    return calls;
  }

  /** Record sends that were retries of a failed record. */
  public long retriedRecords() {
    return retriedRecords;
  }

  /** Puts what is buffered, then closes the client (also when putting fails). */
  @Override
  public void close() {
    try {
      flush();
    } finally {
      try {
        client.close();
      } catch (Exception e) {
        // Closing only releases connections; the records are in the stream or reported above.
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PutFailedException("interrupted while waiting to retry a Kinesis put");
    }
  }
}

package io.salespipelines.transforms.cdc;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import org.apache.beam.sdk.io.aws2.kinesis.KinesisIO;
import org.apache.beam.sdk.io.aws2.kinesis.KinesisRecord;
import org.apache.beam.sdk.io.aws2.options.AwsOptions;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;
import software.amazon.kinesis.common.InitialPositionInStream;

/**
 * The records of a Kinesis stream, each record's data as UTF-8 text, through Beam's
 * amazon-web-services2 {@link KinesisIO}. Region, endpoint and credentials come from the
 * pipeline's {@code AwsOptions} ({@code --awsRegion}, {@code --endpoint}, {@code
 * --awsCredentialsProvider}; the AWS SDK's default chains when not given), as for every client
 * Beam builds.
 *
 * <p>Unbounded unless {@link #withMaxNumRecords} or {@link #withMaxReadTime} bounds it (tests,
 * backfills). Each element's timestamp is the record's arrival time in the stream, and the
 * watermark follows arrival times; a job that windows by event time re-stamps the elements.
 * Records are read from all shards at once, so their order across shards is not kept; within a
 * shard it is.
 */
public class ReadKinesisRecords extends PTransform<PBegin, PCollection<String>> {
  private final String streamName;
  private final InitialPosition initialPosition;
  private final long maxNumRecords;
  private final @Nullable Duration maxReadTime;
  private final @Nullable Duration watermarkIdleThreshold;

  private ReadKinesisRecords(
      String streamName,
      InitialPosition initialPosition,
      long maxNumRecords,
      @Nullable Duration maxReadTime,
      @Nullable Duration watermarkIdleThreshold) {
    this.streamName = streamName;
    this.initialPosition = initialPosition;
    this.maxNumRecords = maxNumRecords;
    this.maxReadTime = maxReadTime;
    this.watermarkIdleThreshold = watermarkIdleThreshold;
  }

  /** Reads {@code streamName} from {@code LATEST} (records put after the read starts). */
  public static ReadKinesisRecords fromStream(String streamName) {
    if (streamName == null || streamName.isBlank()) {
      throw new IllegalArgumentException("a Kinesis stream name is required");
    }
    return new ReadKinesisRecords(
        streamName, InitialPosition.parse("LATEST"), Long.MAX_VALUE, null, null);
  }

  /**
   * Where a new read starts: {@code LATEST}, {@code TRIM_HORIZON} (the oldest record kept) or an
   * ISO-8601 time ({@code 2025-06-10T14:35:00Z}, with an offset, without one = UTC, or a date =
   * its UTC midnight) for the first record that arrived at or after it.
   */
  public ReadKinesisRecords withInitialPosition(String position) {
    return new ReadKinesisRecords(
        streamName, InitialPosition.parse(position), maxNumRecords, maxReadTime,
        watermarkIdleThreshold);
  }

  /** Stops after this many records: the result is bounded. */
  public ReadKinesisRecords withMaxNumRecords(long maxNumRecords) {
    if (maxNumRecords < 1) {
      throw new IllegalArgumentException("maxNumRecords must be positive, was " + maxNumRecords);
    }
    return new ReadKinesisRecords(
        streamName, initialPosition, maxNumRecords, maxReadTime, watermarkIdleThreshold);
  }

  /** Stops reading after this long: the result is bounded. */
  public ReadKinesisRecords withMaxReadTime(Duration maxReadTime) {
    if (maxReadTime == null || !maxReadTime.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("maxReadTime must be positive, was " + maxReadTime);
    }
    return new ReadKinesisRecords(
        streamName, initialPosition, maxNumRecords, maxReadTime, watermarkIdleThreshold);
  }

  /**
   * How long a shard may go without a record before its watermark moves on with the clock (to
   * now minus this); KinesisIO's default is 2 minutes. The watermark follows arrival times, so on
   * a quiet stream event-time windows close only this long after the last record: shorter means
   * windows fire sooner, at the risk of counting a record that arrives after a pause as late.
   */
  public ReadKinesisRecords withWatermarkIdleThreshold(Duration threshold) {
    if (threshold == null || !threshold.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("the watermark idle threshold must be positive, was " + threshold);
    }
    return new ReadKinesisRecords(
        streamName, initialPosition, maxNumRecords, maxReadTime, threshold);
  }

  public String getStreamName() {
    return streamName;
  }

  public InitialPosition getInitialPosition() {
    return initialPosition;
  }

  @Override
  public PCollection<String> expand(PBegin input) {
    return records(input)
        .apply(
            "DataAsText",
            MapElements.into(TypeDescriptors.strings())
                .via((KinesisRecord record) -> new String(record.getDataAsBytes(), UTF_8)));
  }

  /**
   * The records themselves, their data as bytes: for a reader that must tell bytes that are not
   * UTF-8 from text ({@link #expand} reads them with replacement characters).
   */
  public PCollection<KinesisRecord> records(PBegin input) {
    // Kinesis-compatible servers (an --endpoint) need the SDK's JSON protocol, on every worker too.
    JsonKinesisClientBuilderFactory.configure(input.getPipeline().getOptions().as(AwsOptions.class));
    KinesisIO.Read read = initialPosition.applyTo(KinesisIO.read().withStreamName(streamName));
    if (maxNumRecords < Long.MAX_VALUE) {
      read = read.withMaxNumRecords(maxNumRecords);
    }
    if (maxReadTime != null) {
      read = read.withMaxReadTime(maxReadTime);
    }
    if (watermarkIdleThreshold != null) {
      read = read.withArrivalTimeWatermarkPolicy(watermarkIdleThreshold);
    }
    return input.apply("ReadKinesis", read);
  }

  /** A start position in a stream as the user writes it: LATEST, TRIM_HORIZON or a time. */
  public static final class InitialPosition implements Serializable {
    private final @Nullable InitialPositionInStream position;
    private final @Nullable Instant timestamp;

    private InitialPosition(@Nullable InitialPositionInStream position, @Nullable Instant timestamp) {
      this.position = position;
      this.timestamp = timestamp;
    }

    /**
     * {@code LATEST}, {@code TRIM_HORIZON} (any case) or an ISO-8601 date-time or date; anything
     * else is an {@link IllegalArgumentException} whose message names the accepted forms.
     */
    public static InitialPosition parse(String text) {
      String t = text == null ? "" : text.trim();
      switch (t.toUpperCase(Locale.ROOT)) {
        case "LATEST":
          return new InitialPosition(InitialPositionInStream.LATEST, null);
        case "TRIM_HORIZON":
          return new InitialPosition(InitialPositionInStream.TRIM_HORIZON, null);
        default:
          return new InitialPosition(null, parseTime(t));
      }
    }

    private static Instant parseTime(String t) {
      try {
        if (t.length() == 10) {
          return new Instant(LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
        }
        java.time.Instant instant;
        try {
          instant = OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeException noOffset) {
          instant = LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        }
        return new Instant(instant.toEpochMilli());
      } catch (DateTimeException e) {
        throw new IllegalArgumentException(
            "initial position '" + t + "' is not LATEST, TRIM_HORIZON or an ISO-8601 time such as"
                + " 2025-06-10T14:35:00Z");
      }
    }

    /** The time a read starts at, or null for LATEST and TRIM_HORIZON. */
    public @Nullable Instant getTimestamp() {
      return timestamp;
    }

    KinesisIO.Read applyTo(KinesisIO.Read read) {
      return timestamp != null
          ? read.withInitialTimestampInStream(timestamp)
          : read.withInitialPositionInStream(position);
    }

    @Override
    public String toString() {
      return timestamp != null ? timestamp.toString() : String.valueOf(position);
    }
  }
}

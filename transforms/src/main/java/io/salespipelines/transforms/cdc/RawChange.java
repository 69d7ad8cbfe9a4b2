package io.salespipelines.transforms.cdc;

import com.google.auto.value.AutoValue;
import io.salespipelines.schemas.ErrorType;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One change record as read, before parsing: where it came from (a file and the line it starts on,
 * or a Kinesis stream), and its text. A file that stops parsing part-way yields one RawChange for
 * its unread rest ({@link #brokenOff}), a file of another type one for the whole file.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class RawChange {
  public abstract String getSource();

  /** 1-based line the record starts on; 0 for a stream record or a whole file. */
  public abstract long getLine();

  public abstract String getText();

  /** Null for a record to parse; else the error type of an input rejected as it was read. */
  public abstract @Nullable String getRejectedAs();

  public abstract @Nullable String getMessage();

  /** Event time (ApproximateCreationDateTime) in epoch milliseconds, when the reader found one. */
  public abstract @Nullable Long getEventTimeMillis();

  /**
   * The most the runner's watermark can be when this record reaches a window: the watched folder's
   * watermark as the record was read (the latest event time of the files finished before it), or a
   * stream record's arrival time (which the stream's watermark follows). Null when unknown.
   */
  public abstract @Nullable Long getSourceWatermarkMillis();

  /** The record with its event time (when it has one) and the source's watermark as it was read. */
  public RawChange withTimes(@Nullable Long eventTimeMillis, @Nullable Long sourceWatermarkMillis) {
    return new AutoValue_RawChange(
        getSource(), getLine(), getText(), getRejectedAs(), getMessage(), eventTimeMillis, sourceWatermarkMillis);
  }

  public static RawChange record(String source, long line, String text) {
    return new AutoValue_RawChange(source, line, text, null, null, null, null);
  }

  /** The unread rest of a file that stopped parsing: one {@code malformed} dead letter. */
  public static RawChange brokenOff(String source, long line, String rest, String why) {
    return new AutoValue_RawChange(source, line, rest, ErrorType.MALFORMED.code(), why, null, null);
  }

  /**
   * A record rejected as it was read, before parsing: {@code invalid_encoding} (bytes that are not
   * UTF-8, shown as {@code \xNN}) or {@code malformed} (longer than the record limit).
   */
  public static RawChange rejected(String source, long line, String raw, ErrorType type, String why) {
    return new AutoValue_RawChange(source, line, raw, type.code(), why, null, null);
  }

  /** A file in the folder that is not change records (its ending): one {@code wrong_file_type} entry. */
  public static RawChange wrongFileType(String source) {
    return new AutoValue_RawChange(
        source, 0, "", ErrorType.WRONG_FILE_TYPE.code(),
        "not a change-record file (.json, .jsonl, .ndjson, optionally .gz)", null, null);
  }

  public boolean isWholeFile() {
    return ErrorType.WRONG_FILE_TYPE.code().equals(getRejectedAs());
  }
}

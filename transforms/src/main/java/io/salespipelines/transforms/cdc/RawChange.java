package io.salespipelines.transforms.cdc;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One change record as read, before parsing: where it came from (a file and the line it starts on,
 * or a Kinesis stream), and its text. A file that stops parsing part-way yields one RawChange for
 * its unread rest with {@link #getBrokenOff()} saying why; it becomes a {@code malformed} dead letter.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class RawChange {
  public abstract String getSource();

  /** 1-based line the record starts on; 0 for a stream record. */
  public abstract long getLine();

  public abstract String getText();

  public abstract @Nullable String getBrokenOff();

  public static RawChange record(String source, long line, String text) {
    return new AutoValue_RawChange(source, line, text, null);
  }

  public static RawChange brokenOff(String source, long line, String rest, String why) {
    return new AutoValue_RawChange(source, line, rest, why);
  }
}

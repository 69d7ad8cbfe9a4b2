package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One rejected input: a whole file ({@code line == 0}) or one record. It keeps the raw input so a
 * user can fix and replay it; the run id is added when the dead letters are written.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class DeadLetter {
  /** Raw text longer than this is cut, so one runaway record cannot blow up the dead-letter table. */
  public static final int MAX_RAW_CHARS = 1_000_000;

  public abstract String getSource();

  /** 1-based physical line where the record starts; 0 for an entry about a whole file. */
  public abstract long getLine();

  public abstract String getErrorType();

  public abstract @Nullable String getErrorField();

  public abstract String getMessage();

  public abstract String getRaw();

  public boolean coversWholeFile() {
    return getLine() == 0;
  }

  public static DeadLetter of(
      String source, long line, ErrorType type, @Nullable String field, String message, String raw) {
    String kept = raw.length() > MAX_RAW_CHARS ? raw.substring(0, MAX_RAW_CHARS) : raw;
    return new AutoValue_DeadLetter(source, line, type.code(), field, message, kept);
  }
}

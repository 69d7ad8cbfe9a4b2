package io.salespipelines.transforms.cdc;

import io.salespipelines.schemas.ErrorType;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Why a change record cannot be used: its dead letter's error type, field and message. */
public final class ChangeRecordException extends Exception {
  private final ErrorType type;
  private final @Nullable String field;

  ChangeRecordException(ErrorType type, @Nullable String field, String message) {
    super(message);
    this.type = type;
    this.field = field;
  }

  public ErrorType type() {
    return type;
  }

  public @Nullable String field() {
    return field;
  }
}

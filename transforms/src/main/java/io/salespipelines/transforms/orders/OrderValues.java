package io.salespipelines.transforms.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parsing rules for the typed order fields (SPEC 2.1). Each returns null when the text does not parse. */
final class OrderValues {
  /** Partition folders and the month strings hold four-digit years. */
  private static final int MIN_YEAR = 1;

  private static final int MAX_YEAR = 9999;

  /** DECIMAL(18,2) holds 16 digits before the point. */
  private static final int MAX_INTEGER_DIGITS = 16;

  private OrderValues() {}

  /**
   * order_ts as microseconds since the epoch: a date ({@code 2025-01-03}, midnight UTC) or a
   * date-time with optional seconds and fraction and {@code Z}, {@code ±HH:MM} or no offset (UTC).
   * A fraction finer than microseconds is cut off.
   */
  static Long epochMicros(String text) {
    String t = text.trim();
    Instant instant;
    try {
      if (t.length() == 10) {
        instant = LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      } else {
        try {
          instant = OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException noOffset) {
          instant = LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        }
      }
    } catch (DateTimeParseException e) {
      return null;
    }
    int year = instant.atOffset(ZoneOffset.UTC).getYear();
    if (year < MIN_YEAR || year > MAX_YEAR) {
      return null;
    }
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
  }

  /** A calendar date {@code yyyy-MM-dd} (ISO text), or null. */
  static String isoDate(String text) {
    String t = text.trim();
    if (t.length() != 10) {
      return null;
    }
    try {
      return LocalDate.parse(t).toString();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** True when an amount fits DECIMAL(18,2). */
  static boolean fitsMoney(BigDecimal amount) {
    return amount.precision() - amount.scale() <= MAX_INTEGER_DIGITS;
  }
}

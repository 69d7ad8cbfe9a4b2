package io.salespipelines.transforms.validate;

import io.salespipelines.schemas.ValueLimits;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Parsing rules for the typed columns (SPEC 1.2). Each returns null when the text does not parse. */
public final class SalesValues {
  private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d+(\\.\\d+)?");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  /** DECIMAL(18,2) holds 16 digits before the point. */
  private static final int MAX_INTEGER_DIGITS = 16;

  private SalesValues() {}

  /**
   * An amount rounded HALF_UP to cents, or null if it is not {@code [+-]digits[.digits]} of at most
   * {@link ValueLimits#MAX_NUMBER_CHARS} characters or does not fit DECIMAL(18,2).
   */
  public static BigDecimal money(String text) {
    String t = text.trim();
    if (t.length() > ValueLimits.MAX_NUMBER_CHARS || !DECIMAL.matcher(t).matches()) {
      return null;
    }
    BigDecimal value = new BigDecimal(t).setScale(2, RoundingMode.HALF_UP);
    return value.precision() - value.scale() > MAX_INTEGER_DIGITS ? null : value;
  }

  /** A whole number, or null if it is not {@code [+-]digits} or does not fit an int. */
  public static Integer quantity(String text) {
    String t = text.trim();
    if (t.length() > ValueLimits.MAX_NUMBER_CHARS || !INTEGER.matcher(t).matches()) {
      return null;
    }
    try {
      return Integer.valueOf(t.startsWith("+") ? t.substring(1) : t);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The UTC calendar date of a date or ISO-8601 date-time; a date-time with an offset counts on its
   * UTC date, one without counts as UTC. Null if it does not parse.
   */
  public static LocalDate utcDate(String text) {
    String t = text.trim();
    if (t.length() > ValueLimits.MAX_NUMBER_CHARS) {
      return null;
    }
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t);
      }
      try {
        return OffsetDateTime.parse(t).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
      } catch (DateTimeParseException noOffset) {
        return LocalDateTime.parse(t).toLocalDate();
      }
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

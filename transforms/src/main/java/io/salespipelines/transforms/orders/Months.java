package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.ValueLimits;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Calendar months as {@code YYYY-MM} text, and the percentages the metrics share. */
final class Months {
  private Months() {}

  /** Whole months from {@code from} to {@code to} (negative when {@code to} is earlier). */
  static long between(String from, String to) {
    return ChronoUnit.MONTHS.between(YearMonth.parse(from), YearMonth.parse(to));
  }

  static String plus(String month, long months) {
    return YearMonth.parse(month).plusMonths(months).toString();
  }

  /** Every month from {@code first} to {@code last}, both included. */
  static List<String> range(String first, String last) {
    List<String> months = new ArrayList<>();
    for (YearMonth m = YearMonth.parse(first); !m.isAfter(YearMonth.parse(last)); m = m.plusMonths(1)) {
      months.add(m.toString());
    }
    return months;
  }

  /** part / whole × 100, HALF_UP to 2 places. */
  static BigDecimal percent(long part, long whole) {
    return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100))
        .divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
  }

  /**
   * (now − before) / before × 100, HALF_UP to 2 places; null when that does not fit DECIMAL(18,2)
   * (revenue up from a few cents to trillions): a growth the column cannot hold is no number.
   */
  static BigDecimal growth(BigDecimal now, BigDecimal before) {
    BigDecimal growth =
        now.subtract(before).multiply(BigDecimal.valueOf(100)).divide(before, 2, RoundingMode.HALF_UP);
    return growth.abs().compareTo(ValueLimits.MAX_MONEY) > 0 ? null : growth;
  }
}

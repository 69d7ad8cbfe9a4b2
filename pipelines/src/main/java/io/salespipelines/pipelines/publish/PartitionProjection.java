package io.salespipelines.pipelines.publish;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;

/**
 * How Athena computes the values of one partition column without a crawler or {@code MSCK REPAIR}
 * (partition projection, kept in {@code TBLPROPERTIES}, which other engines store and ignore). The
 * values found in the table's folders at catalog time fix what cannot be computed (the first month,
 * the list of stores); the catalog is written again by every run.
 */
public abstract class PartitionProjection implements Serializable {
  /** The {@code projection.<column>.*} properties, or why the column cannot be projected. */
  public static final class Result {
    final Map<String, String> properties;
    final String problem;

    private Result(Map<String, String> properties, String problem) {
      this.properties = properties;
      this.problem = problem;
    }

    static Result of(Map<String, String> properties) {
      return new Result(properties, null);
    }

    static Result cannot(String problem) {
      return new Result(null, problem);
    }

    boolean projected() {
      return properties != null;
    }
  }

  /**
   * @param values the column's values in the table's partition folders (not empty)
   * @param today the date the catalog is written (for ranges that end now)
   */
  abstract Result properties(String column, SortedSet<String> values, LocalDate today);

  /** Month values such as {@code 2025-06}: a date range from the first month found to now. */
  public static PartitionProjection months(String format) {
    return new DateRange(format, ChronoUnit.MONTHS);
  }

  /** Day values such as {@code 2025-06-10}: a date range from the first day found to now. */
  public static PartitionProjection days(String format) {
    return new DateRange(format, ChronoUnit.DAYS);
  }

  /** Values from a list (store ids): the values found; a new value needs the catalog run again. */
  public static PartitionProjection enumerated() {
    return new Enumerated();
  }

  /** Integers in a fixed range, zero-padded to {@code digits} (hours 00..23, months 01..12). */
  public static PartitionProjection integers(int min, int max, int digits) {
    return new IntegerRange(min, max, digits);
  }

  /** Integers from the smallest to the largest value found (years), zero-padded to {@code digits}. */
  public static PartitionProjection integersFound(int digits) {
    return new IntegerRange(null, null, digits);
  }

  private static String key(String column, String property) {
    return "projection." + column + "." + property;
  }

  /** Hive escapes some characters in folder names ('%2F'); Athena would look for the raw value. */
  private static String unprojectable(SortedSet<String> values) {
    for (String value : values) {
      if (value.contains("%") || value.contains(",") || value.equals("__HIVE_DEFAULT_PARTITION__")) {
        return "value '" + value + "' is escaped, empty or holds a comma";
      }
    }
    return null;
  }

  private static final class DateRange extends PartitionProjection {
    private final String format;
    private final ChronoUnit unit;

    DateRange(String format, ChronoUnit unit) {
      this.format = format;
      this.unit = unit;
    }

    @Override
    Result properties(String column, SortedSet<String> values, LocalDate today) {
      DateTimeFormatter parser = DateTimeFormatter.ofPattern(format);
      String first = null;
      String last = null;
      LocalDate firstDate = null;
      LocalDate lastDate = null;
      for (String value : values) {
        LocalDate date;
        try {
          date = unit == ChronoUnit.MONTHS
              ? YearMonth.parse(value, parser).atDay(1)
              : LocalDate.parse(value, parser);
        } catch (DateTimeParseException e) {
          return Result.cannot("value '" + value + "' is not of the form " + format);
        }
        if (firstDate == null || date.isBefore(firstDate)) {
          firstDate = date;
          first = value;
        }
        if (lastDate == null || date.isAfter(lastDate)) {
          lastDate = date;
          last = value;
        }
      }
      // NOW keeps later months and days visible without a new catalog; data dated in the future is
      // covered up to its last value.
      LocalDate nowStart = unit == ChronoUnit.MONTHS ? YearMonth.from(today).atDay(1) : today;
      Map<String, String> p = new LinkedHashMap<>();
      p.put(key(column, "type"), "date");
      p.put(key(column, "format"), format);
      p.put(key(column, "range"), first + "," + (lastDate.isAfter(nowStart) ? last : "NOW"));
      p.put(key(column, "interval"), "1");
      p.put(key(column, "interval.unit"), unit.name());
      return Result.of(p);
    }
  }

  private static final class Enumerated extends PartitionProjection {
    @Override
    Result properties(String column, SortedSet<String> values, LocalDate today) {
      String problem = unprojectable(values);
      if (problem != null) {
        return Result.cannot(problem);
      }
      Map<String, String> p = new LinkedHashMap<>();
      p.put(key(column, "type"), "enum");
      p.put(key(column, "values"), String.join(",", values));
      return Result.of(p);
    }
  }

  private static final class IntegerRange extends PartitionProjection {
    private final Integer min;
    private final Integer max;
    private final int digits;

    IntegerRange(Integer min, Integer max, int digits) {
      this.min = min;
      this.max = max;
      this.digits = digits;
    }

    @Override
    Result properties(String column, SortedSet<String> values, LocalDate today) {
      int low = Integer.MAX_VALUE;
      int high = Integer.MIN_VALUE;
      for (String value : values) {
        int n;
        try {
          n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
          return Result.cannot("value '" + value + "' is not an integer");
        }
        if (value.length() != Math.max(digits, Integer.toString(n).length())) {
          return Result.cannot("value '" + value + "' is not zero-padded to " + digits + " digits");
        }
        low = Math.min(low, n);
        high = Math.max(high, n);
      }
      if (min != null && (low < min || high > max)) {
        return Result.cannot("values outside " + min + ".." + max);
      }
      Map<String, String> p = new LinkedHashMap<>();
      p.put(key(column, "type"), "integer");
      p.put(key(column, "range"), (min != null ? min : low) + "," + (max != null ? max : high));
      if (digits > 1) {
        p.put(key(column, "digits"), Integer.toString(digits));
      }
      return Result.of(p);
    }
  }
}

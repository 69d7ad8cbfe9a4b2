package io.salespipelines.transforms.orders;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import java.util.Map;
import java.util.TreeMap;

/**
 * Small per-month counters ({@code YYYY-MM} to a fixed number of longs), the accumulator of the
 * metrics that need every month at once. A few hundred months at most, so Java serialization is
 * fine as its coder.
 */
final class MonthCounts implements Serializable {
  private final int width;
  final TreeMap<String, long[]> months = new TreeMap<>();
  /** The latest month seen by {@link #seen}, or null. */
  String last;

  MonthCounts(int width) {
    this.width = width;
  }

  void add(String month, int slot, long n) {
    months.computeIfAbsent(month, m -> new long[width])[slot] += n;
  }

  long get(String month, int slot) {
    long[] counts = months.get(month);
    return counts == null ? 0 : counts[slot];
  }

  void seen(String month) {
    if (last == null || month.compareTo(last) > 0) {
      last = month;
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MonthCounts other) || width != other.width || !Objects.equals(last, other.last)
        || !months.keySet().equals(other.months.keySet())) {
      return false;
    }
    return months.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), other.months.get(e.getKey())));
  }

  @Override
  public int hashCode() {
    return Objects.hash(width, last, months.keySet());
  }

  MonthCounts mergeFrom(MonthCounts other) {
    for (Map.Entry<String, long[]> e : other.months.entrySet()) {
      for (int slot = 0; slot < width; slot++) {
        add(e.getKey(), slot, e.getValue()[slot]);
      }
    }
    if (other.last != null) {
      seen(other.last);
    }
    return this;
  }
}

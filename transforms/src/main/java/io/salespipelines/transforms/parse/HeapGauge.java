package io.salespipelines.transforms.parse;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;

/**
 * How full the old generation of this JVM's heap is: what survived young collections, where
 * elements waiting between steps end up. Readers on the Direct runner, which has no backpressure,
 * wait while it is above {@link #WAIT_ABOVE_PERCENT} percent of the heap's maximum, so that the
 * steps behind them catch up instead of the heap filling with their input.
 */
final class HeapGauge {
  /**
   * The share of the maximum heap, in percent, above the collector's usual start of
   * old-generation marking (45%). Whole bytes and percent: a gauge of memory, no fractions needed.
   */
  static final long WAIT_ABOVE_PERCENT = 55;

  private static final List<MemoryPoolMXBean> OLD = oldPools();

  private HeapGauge() {}

  private static List<MemoryPoolMXBean> oldPools() {
    List<MemoryPoolMXBean> old = new ArrayList<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      String name = pool.getName();
      if (pool.getType() == MemoryType.HEAP && (name.contains("Old") || name.contains("Tenured"))) {
        old.add(pool);
      }
    }
    return old;
  }

  /** The bytes in the old generation (in the whole heap when it has none). */
  static long oldBytes() {
    if (OLD.isEmpty()) {
      return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    }
    long used = 0;
    for (MemoryPoolMXBean pool : OLD) {
      used += pool.getUsage().getUsed();
    }
    return used;
  }

  static boolean full() {
    return oldBytes() > Runtime.getRuntime().maxMemory() / 100 * WAIT_ABOVE_PERCENT;
  }
}

package io.salespipelines.transforms.parse;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;

/**
 * How full the old generation of this JVM's heap is: what survived young collections, where
 * elements waiting between steps end up. Readers on the Direct runner, which has no backpressure,
 * wait while it is above {@link #WAIT_ABOVE} of the heap's maximum, so that the steps behind them
 * catch up instead of the heap filling with their input.
 */
final class HeapGauge {
  /** A share of the maximum heap above the collector's usual start of old-generation marking (45%). */
  static final double WAIT_ABOVE = 0.55;

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

  /** The old generation's share of the maximum heap (the whole heap's when it has none). */
  static double oldShare() {
    long max = Runtime.getRuntime().maxMemory();
    if (OLD.isEmpty()) {
      return (double) (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / max;
    }
    long used = 0;
    for (MemoryPoolMXBean pool : OLD) {
      used += pool.getUsage().getUsed();
    }
    return (double) used / max;
  }

  static boolean full() {
    return oldShare() > WAIT_ABOVE;
  }
}

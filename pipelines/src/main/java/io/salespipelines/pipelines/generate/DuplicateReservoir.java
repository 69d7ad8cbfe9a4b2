package io.salespipelines.pipelines.generate;

import java.util.SplittableRandom;

/**
 * A bounded uniform sample (reservoir sampling) of the transaction ids of good rows written so far:
 * duplicates drawn from it point back to earlier lines of the same file and to earlier files alike,
 * while memory stays constant however many rows a run has.
 */
final class DuplicateReservoir {
  private final String[] ids;
  private long seen;

  DuplicateReservoir(int capacity) {
    ids = new String[capacity];
  }

  void offer(String id, SplittableRandom rng) {
    seen++;
    if (seen <= ids.length) {
      ids[(int) (seen - 1)] = id;
    } else {
      long slot = rng.nextLong(seen);
      if (slot < ids.length) {
        ids[(int) slot] = id;
      }
    }
  }

  boolean isEmpty() {
    return seen == 0;
  }

  String pick(SplittableRandom rng) {
    return ids[rng.nextInt((int) Math.min(seen, ids.length))];
  }
}

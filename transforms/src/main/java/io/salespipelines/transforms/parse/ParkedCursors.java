package io.salespipelines.transforms.parse;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Open cursors of reads that a runner checkpointed, waiting in this JVM for the rest of their range.
 * The Direct runner checkpoints a splittable read after every hundred outputs and resumes it as a
 * new call, often on another thread: a parked cursor lets that call go on where the last one
 * stopped instead of opening the file again, which for gzip would mean decompressing it again from
 * the start. A call that finds no cursor (another JVM, or one evicted) opens its own, which is
 * always correct, only slower.
 */
final class ParkedCursors {
  /** Far more than the ranges read at once by one JVM's workers. */
  private static final int MAX_PARKED = 256;
  /** A cursor nobody took for this long belongs to a read that failed or moved elsewhere. */
  private static final long MAX_AGE_NANOS = 10L * 60 * 1_000_000_000L;

  private static final Map<Key, Parked> PARKED = new ConcurrentHashMap<>();

  private ParkedCursors() {}

  private record Key(long readId, long position) {}

  private record Parked(RangeCursor cursor, long since) {}

  /** Leaves a cursor that stands at {@code position} of the read {@code readId}. */
  static void park(long readId, long position, RangeCursor cursor) {
    long now = System.nanoTime();
    Parked previous = PARKED.put(new Key(readId, position), new Parked(cursor, now));
    MOST_AT_ONCE.accumulateAndGet(PARKED.size(), Math::max);
    if (previous != null) {
      previous.cursor.close();
    }
    if (PARKED.size() > MAX_PARKED / 2) {
      evict(now);
    }
  }

  /** The cursor parked at {@code position} of the read {@code readId}, now the caller's, or null. */
  static @Nullable RangeCursor take(long readId, long position) {
    Parked parked = PARKED.remove(new Key(readId, position));
    return parked == null ? null : parked.cursor;
  }

  /** How many cursors wait: the ranges being read in this JVM, less those in a call right now. */
  static int size() {
    return PARKED.size();
  }

  /** The most cursors that waited at once since {@link #resetMostAtOnce} (for tests). */
  static int mostAtOnce() {
    return MOST_AT_ONCE.get();
  }

  static void resetMostAtOnce() {
    MOST_AT_ONCE.set(0);
  }

  private static final java.util.concurrent.atomic.AtomicInteger MOST_AT_ONCE = new java.util.concurrent.atomic.AtomicInteger();

  private static void evict(long now) {
    Iterator<Map.Entry<Key, Parked>> entries = PARKED.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<Key, Parked> e = entries.next();
      if (now - e.getValue().since > MAX_AGE_NANOS || PARKED.size() > MAX_PARKED) {
        if (PARKED.remove(e.getKey(), e.getValue())) {
          e.getValue().cursor.close();
        }
      }
    }
  }
}

package io.salespipelines.transforms.parse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class ReadFileRangesTest {
  /** The records read ahead per round are shared among the ranges read at once, within bounds. */
  @Test
  public void blocksShrinkAsMoreRangesAreReadAtOnce() {
    assertThat(ReadFileRanges.blockRecords(50_000, 1), equalTo(50_000));
    assertThat(ReadFileRanges.blockRecords(50_000, 2), equalTo(50_000));
    assertThat(ReadFileRanges.blockRecords(50_000, 8), equalTo(12_500));
    assertThat(ReadFileRanges.blockRecords(50_000, 100), equalTo(ReadFileRanges.MIN_BLOCK_RECORDS));
    // A test's tiny blocks stay as asked.
    assertThat(ReadFileRanges.blockRecords(3, 8), equalTo(3));
  }

  /** A heap that stays full (something gathers all its input) stops the waiting after a while. */
  @Test
  public void readsWaitForAFullHeapOnlySoLong() {
    java.util.function.BooleanSupplier before = ReadFileRanges.heapFull;
    try {
      ReadFileRanges.heapFull = () -> false;
      assertThat(ReadFileRanges.mustWaitForHeap(0), equalTo(false));
      ReadFileRanges.heapFull = () -> true;
      long start = 1_000_000_000L;
      assertThat(ReadFileRanges.mustWaitForHeap(start), equalTo(true));
      assertThat(ReadFileRanges.mustWaitForHeap(start + ReadFileRanges.MAX_HEAP_WAIT_NANOS - 1), equalTo(true));
      assertThat(ReadFileRanges.mustWaitForHeap(start + ReadFileRanges.MAX_HEAP_WAIT_NANOS), equalTo(false));
      // Once seen below the mark, a new stretch of waiting may start.
      ReadFileRanges.heapFull = () -> false;
      assertThat(ReadFileRanges.mustWaitForHeap(start + 2 * ReadFileRanges.MAX_HEAP_WAIT_NANOS), equalTo(false));
      ReadFileRanges.heapFull = () -> true;
      assertThat(ReadFileRanges.mustWaitForHeap(start + 3 * ReadFileRanges.MAX_HEAP_WAIT_NANOS), equalTo(true));
    } finally {
      ReadFileRanges.heapFull = before;
      ReadFileRanges.mustWaitForHeap(0);
    }
  }
}

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
}

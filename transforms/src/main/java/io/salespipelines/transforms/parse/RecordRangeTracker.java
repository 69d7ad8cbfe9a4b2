package io.salespipelines.transforms.parse;

import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Tracks a {@link RecordRange} block by block. It splits only where a claimed block ended (a
 * checkpoint, {@code trySplit(0)}), because only there does it know a position between records
 * and its line: the residual goes on from that position and line, so line numbers stay exact. A
 * split at any other fraction is declined; the initial ranges come from {@link PlanFileRanges}.
 */
public final class RecordRangeTracker extends RestrictionTracker<RecordRange, RecordBlock>
    implements RestrictionTracker.HasProgress {
  private RecordRange range;
  /** End of the last claimed block: everything before it is done. */
  private long position;
  private long lineAtPosition;
  private boolean claimFailed;

  public RecordRangeTracker(RecordRange range) {
    this.range = range;
    this.position = range.from;
    this.lineAtPosition = range.line;
  }

  @Override
  public boolean tryClaim(RecordBlock block) {
    if (block.from != position) {
      throw new IllegalArgumentException(
          "blocks must be claimed in order: expected one from " + position + ", got " + block);
    }
    if (block.from >= range.to) {
      claimFailed = true;
      return false;
    }
    position = block.end;
    lineAtPosition = block.lineAfter;
    return true;
  }

  @Override
  public RecordRange currentRestriction() {
    return range;
  }

  @Override
  public @Nullable SplitResult<RecordRange> trySplit(double fractionOfRemainder) {
    if (fractionOfRemainder != 0 || position >= range.to) {
      return null;
    }
    RecordRange primary = new RecordRange(range.from, position, range.line);
    RecordRange residual = new RecordRange(position, range.to, lineAtPosition);
    range = primary;
    return SplitResult.of(primary, residual);
  }

  @Override
  public void checkDone() throws IllegalStateException {
    if (!claimFailed && position < range.to) {
      throw new IllegalStateException("the range " + range + " was read only up to " + position);
    }
  }

  @Override
  public IsBounded isBounded() {
    return IsBounded.BOUNDED;
  }

  @Override
  public Progress getProgress() {
    if (position >= range.to) {
      return Progress.from(1, 0);
    }
    double done = position - range.from;
    // A range to the end of a file of unknown length: some work is always left.
    double left = range.to == RecordRange.END ? Math.max(1, done) : range.to - position;
    return Progress.from(done, left);
  }
}

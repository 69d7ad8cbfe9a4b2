package io.salespipelines.transforms.parse;

/**
 * A claim on a {@link RecordRange}: the records read from {@code from} up to {@code end}, a position
 * between records with {@code lineAfter} the line there ({@link RecordRange#END} when the reader is
 * done with the file). A reader claims a block after reading it and before emitting its outputs.
 */
public final class RecordBlock {
  public final long from;
  public final long end;
  public final long lineAfter;

  public RecordBlock(long from, long end, long lineAfter) {
    this.from = from;
    this.end = end;
    this.lineAfter = lineAfter;
  }

  @Override
  public String toString() {
    return "[" + from + ", " + (end == RecordRange.END ? "end" : end) + ")";
  }
}

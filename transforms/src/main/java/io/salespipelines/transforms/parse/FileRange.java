package io.salespipelines.transforms.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One range of a landing file to read, as {@link PlanFileRanges} planned it: range {@code index} of
 * {@code count}, the records starting in {@code [from, to)}, the first of them on {@code line}. A
 * file that is not split is one range from 0 to {@link RecordRange#END}.
 */
public final class FileRange implements Serializable {
  public static final Coder<FileRange> CODER = new FileRangeCoder();

  public final String path;
  /** Random per planned file: tells this read's parked cursors from any other's. */
  public final long readId;
  public final int index;
  public final int count;
  /** The size the planner saw, or -1. */
  public final long fileSize;
  public final long from;
  public final long to;
  public final long line;
  /**
   * What the planner read at the head of a split file for the later ranges: a CSV file's header
   * record, "" for a file without one; null when the file was not split (the reader reads its head).
   */
  public final @Nullable String head;

  public FileRange(
      String path, long readId, int index, int count, long fileSize, long from, long to, long line,
      @Nullable String head) {
    this.path = path;
    this.readId = readId;
    this.index = index;
    this.count = count;
    this.fileSize = fileSize;
    this.from = from;
    this.to = to;
    this.line = line;
    this.head = head;
  }

  /** A file read whole, as one range. */
  static FileRange whole(String path, long readId, long fileSize) {
    return new FileRange(path, readId, 0, 1, fileSize, 0, RecordRange.END, 1, null);
  }

  public RecordRange range() {
    return new RecordRange(from, to, line);
  }

  /** The range that reads to the end of the file: it checks that the file did not change. */
  public boolean isLast() {
    return index == count - 1;
  }

  @Override
  public String toString() {
    return path + " range " + (index + 1) + "/" + count + " " + range();
  }

  private static final class FileRangeCoder extends AtomicCoder<FileRange> {
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final Coder<String> NULLABLE_STRING = NullableCoder.of(StringUtf8Coder.of());
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final VarIntCoder INT = VarIntCoder.of();

    @Override
    public void encode(FileRange r, OutputStream out) throws IOException {
      STRING.encode(r.path, out);
      LONG.encode(r.readId, out);
      INT.encode(r.index, out);
      INT.encode(r.count, out);
      LONG.encode(r.fileSize, out);
      LONG.encode(r.from, out);
      LONG.encode(r.to, out);
      LONG.encode(r.line, out);
      NULLABLE_STRING.encode(r.head, out);
    }

    @Override
    public FileRange decode(InputStream in) throws IOException {
      return new FileRange(
          STRING.decode(in), LONG.decode(in), INT.decode(in), INT.decode(in), LONG.decode(in),
          LONG.decode(in), LONG.decode(in), LONG.decode(in), NULLABLE_STRING.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}

package io.salespipelines.transforms.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * The restriction of a splittable read: the records of a file whose first byte lies in {@code
 * [from, to)}, where {@code from} is a position between records ({@link RecordSplitter#position()})
 * and {@code line} the physical line there. {@code to} is {@link Long#MAX_VALUE} for "to the end of
 * the file". Offsets are into the file's bytes, or its decompressed bytes for gzip; a reader that
 * counts something else (elements of a JSON array) uses its own count the same way.
 */
public final class RecordRange implements Serializable {
  public static final long END = Long.MAX_VALUE;
  public static final Coder<RecordRange> CODER = new RangeCoder();

  public final long from;
  public final long to;
  public final long line;

  public RecordRange(long from, long to, long line) {
    this.from = from;
    this.to = to;
    this.line = line;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordRange r && r.from == from && r.to == to && r.line == line;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(from) * 31 + Long.hashCode(to);
  }

  @Override
  public String toString() {
    return "[" + from + ", " + (to == END ? "end" : to) + ") from line " + line;
  }

  private static final class RangeCoder extends AtomicCoder<RecordRange> {
    private static final VarLongCoder LONG = VarLongCoder.of();

    @Override
    public void encode(RecordRange r, OutputStream out) throws IOException {
      LONG.encode(r.from, out);
      LONG.encode(r.to, out);
      LONG.encode(r.line, out);
    }

    @Override
    public RecordRange decode(InputStream in) throws IOException {
      return new RecordRange(LONG.decode(in), LONG.decode(in), LONG.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}

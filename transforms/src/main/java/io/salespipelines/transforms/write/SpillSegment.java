package io.salespipelines.transforms.write;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Comparator;
import java.util.Objects;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Where one partition's rows lie in a spill file: {@code length} bytes from {@code offset}, one
 * Snappy stream of {@code rows} rows encoded with the table's coder. A spill file holds one segment
 * per partition of the buffer that was spilled into it.
 */
final class SpillSegment {
  /** Spill files in the order they were named, and segments in file order within one. */
  static final Comparator<SpillSegment> FILE_ORDER =
      Comparator.comparing((SpillSegment s) -> s.file).thenComparingLong(s -> s.offset);

  final String file;
  final long offset;
  final long length;
  final int rows;

  SpillSegment(String file, long offset, long length, int rows) {
    this.file = file;
    this.offset = offset;
    this.length = length;
    this.rows = rows;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SpillSegment)) {
      return false;
    }
    SpillSegment s = (SpillSegment) o;
    return file.equals(s.file) && offset == s.offset && length == s.length && rows == s.rows;
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, offset, length, rows);
  }

  @Override
  public String toString() {
    return file + "@" + offset + "+" + length + " (" + rows + " rows)";
  }

  static class Coder extends CustomCoder<SpillSegment> {
    static final Coder INSTANCE = new Coder();

    @Override
    public void encode(SpillSegment s, OutputStream out) throws IOException {
      StringUtf8Coder.of().encode(s.file, out);
      VarLongCoder.of().encode(s.offset, out);
      VarLongCoder.of().encode(s.length, out);
      VarIntCoder.of().encode(s.rows, out);
    }

    @Override
    public SpillSegment decode(InputStream in) throws IOException {
      return new SpillSegment(
          StringUtf8Coder.of().decode(in),
          VarLongCoder.of().decode(in),
          VarLongCoder.of().decode(in),
          VarIntCoder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}

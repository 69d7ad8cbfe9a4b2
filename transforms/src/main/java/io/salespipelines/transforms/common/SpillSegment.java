package io.salespipelines.transforms.common;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.Objects;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.xerial.snappy.SnappyInputStream;

/**
 * Where one partition's rows lie in a spill file: {@code length} bytes from {@code offset}, one
 * Snappy stream of {@code rows} rows encoded with the table's coder. A spill file holds one segment
 * per partition of the buffer that was spilled into it.
 */
public final class SpillSegment {
  /** Spill files in the order they were named, and segments in file order within one. */
  public static final Comparator<SpillSegment> FILE_ORDER =
      Comparator.comparing((SpillSegment s) -> s.file).thenComparingLong(s -> s.offset);

  public final String file;
  public final long offset;
  public final long length;
  public final int rows;

  public SpillSegment(String file, long offset, long length, int rows) {
    this.file = file;
    this.offset = offset;
    this.length = length;
    this.rows = rows;
  }

  /** Decodes the segment's elements, in the order they were spilled, with the coder they were written with. */
  public <T> void forEach(org.apache.beam.sdk.coders.Coder<T> coder, Consumer<T> each) throws IOException {
    try (InputStream elements = new SnappyInputStream(new ByteArrayInputStream(readBytes()))) {
      for (int i = 0; i < rows; i++) {
        each.accept(coder.decode(elements));
      }
    }
  }

  /** The compressed bytes: at most what one spill buffer held. */
  private byte[] readBytes() throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(length));
    try (ReadableByteChannel channel = FileSystems.open(FileSystems.matchNewResource(file, false))) {
      ((SeekableByteChannel) channel).position(offset);
      while (bytes.hasRemaining()) {
        if (channel.read(bytes) < 0) {
          throw new EOFException("spill file ends inside segment " + this);
        }
      }
    }
    return bytes.array();
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

  public static class Coder extends CustomCoder<SpillSegment> {
    public static final Coder INSTANCE = new Coder();

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

package io.salespipelines.schemas.coders;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.util.VarInt;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The field encodings the record coders share: strings as a VarInt length and UTF-8 bytes (as
 * {@code StringUtf8Coder} nested), a nullable string behind a presence byte, numbers as VarInts,
 * money as its scale and the two's-complement bytes of its unscaled value (as {@code
 * BigDecimalCoder}, without the message that coder formats for every value it encodes).
 */
final class RecordFields {
  private RecordFields() {}

  static void writeString(String value, OutputStream out) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    VarInt.encode(bytes.length, out);
    out.write(bytes);
  }

  static String readString(InputStream in) throws IOException {
    return new String(readBytes(in), StandardCharsets.UTF_8);
  }

  static void writeNullableString(@Nullable String value, OutputStream out) throws IOException {
    if (value == null) {
      out.write(0);
    } else {
      out.write(1);
      writeString(value, out);
    }
  }

  static @Nullable String readNullableString(InputStream in) throws IOException {
    return readBoolean(in) ? readString(in) : null;
  }

  static void writeBoolean(boolean value, OutputStream out) throws IOException {
    out.write(value ? 1 : 0);
  }

  static boolean readBoolean(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("record ends before a field");
    }
    return b != 0;
  }

  static void writeMoney(BigDecimal value, OutputStream out) throws IOException {
    VarInt.encode(value.scale(), out);
    byte[] unscaled = value.unscaledValue().toByteArray();
    VarInt.encode(unscaled.length, out);
    out.write(unscaled);
  }

  static BigDecimal readMoney(InputStream in) throws IOException {
    int scale = VarInt.decodeInt(in);
    return new BigDecimal(new BigInteger(readBytes(in)), scale);
  }

  private static byte[] readBytes(InputStream in) throws IOException {
    int length = VarInt.decodeInt(in);
    byte[] bytes = new byte[length];
    int read = 0;
    while (read < length) {
      int n = in.read(bytes, read, length - read);
      if (n < 0) {
        throw new EOFException("record ends inside a field of " + length + " bytes");
      }
      read += n;
    }
    return bytes;
  }
}

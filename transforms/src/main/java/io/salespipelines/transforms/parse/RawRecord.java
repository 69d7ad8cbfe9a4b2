package io.salespipelines.transforms.parse;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One record as bytes, as {@link RecordSplitter} cut it from a file: where it starts and ends, and
 * its first bytes (all of them unless it is oversized). Decoding is left to the caller, so that a
 * record that is not UTF-8 can be reported with its bytes.
 */
public final class RawRecord {
  /** 1-based physical line of the record's first byte. */
  public final long line;
  /** Line of its last byte (a quoted CSV field may span lines). */
  public final long endLine;
  /** The record's first bytes, up to the splitter's limit. */
  final byte[] bytes;
  /** All its bytes, including those not kept. */
  public final long length;
  /** False for a last record that no line break ends. */
  public final boolean terminated;
  /** True when a CSV quote opened in it was never closed. */
  public final boolean openQuote;

  /** A record that came whole, not from a file's lines (a stream's message): line 0. */
  public static RawRecord of(byte[] bytes) {
    return new RawRecord(0, 0, bytes, bytes.length, true, false);
  }

  RawRecord(long line, long endLine, byte[] bytes, long length, boolean terminated, boolean openQuote) {
    this.line = line;
    this.endLine = endLine;
    this.bytes = bytes;
    this.length = length;
    this.terminated = terminated;
    this.openQuote = openQuote;
  }

  public boolean oversized() {
    return length > bytes.length;
  }

  /** The text of a record that is valid UTF-8, else null. */
  @Nullable
  public String text() {
    if (isAscii(bytes)) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
    try {
      return strictUtf8().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * The text with every byte that is not part of a UTF-8 sequence read as U+FFFD, as a {@code
   * Reader} decodes it (for formats that do not reject such records).
   */
  public String textReplacingInvalid() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * The text of the kept bytes of a record that was cut (oversized, or broken off): a UTF-8
   * sequence split by the cut is dropped; otherwise as {@link #text()}, or escaped when not UTF-8.
   */
  public String cutText() {
    int end = bytes.length;
    int start = end - 1;
    while (start >= 0 && end - start <= 3 && (bytes[start] & 0xC0) == 0x80) {
      start--;
    }
    if (start >= 0 && (bytes[start] & 0xC0) == 0xC0) {
      int lead = bytes[start] & 0xFF;
      int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
      if (end - start < need) {
        end = start;
      }
    }
    RawRecord kept =
        new RawRecord(line, endLine, java.util.Arrays.copyOf(bytes, end), end, terminated, openQuote);
    return kept.textOrEscaped();
  }

  /** The text of a record that is valid UTF-8, else its {@link #escapedText()}. */
  public String textOrEscaped() {
    String text = text();
    return text != null ? text : escapedText();
  }

  /**
   * The record's text with every byte that is not part of a UTF-8 sequence written as {@code \xNN}
   * and every backslash doubled, so the two cannot be confused. A sequence cut off at the end of
   * the kept bytes counts as invalid too.
   */
  public String escapedText() {
    return escape(bytes);
  }

  /**
   * The dead-letter message of a record that is not UTF-8, the same in every job: where its first
   * such byte is, in {@code unit} ("record", "line", ...).
   */
  public String notUtf8Message(String unit) {
    return "bytes that are not UTF-8 (at byte " + (firstInvalidByte() + 1) + " of the " + unit
        + "; shown as \\xNN in raw)";
  }

  /** The offset of the first byte that is not UTF-8, or -1. */
  public int firstInvalidByte() {
    CharsetDecoder decoder = strictUtf8();
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(1024);
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      if (result.isError()) {
        return in.position();
      }
      if (result.isUnderflow()) {
        return -1;
      }
      out.clear();
    }
  }

  static String escape(byte[] bytes) {
    CharsetDecoder decoder = strictUtf8();
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(Math.min(bytes.length + 16, 8192));
    StringBuilder text = new StringBuilder(bytes.length + 16);
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      appendEscapingBackslashes(text, out);
      if (result.isError()) {
        for (int i = 0; i < result.length(); i++) {
          text.append(String.format("\\x%02X", in.get() & 0xFF));
        }
      } else if (result.isUnderflow()) {
        decoder.flush(out);
        appendEscapingBackslashes(text, out);
        return text.toString();
      }
    }
  }

  private static void appendEscapingBackslashes(StringBuilder text, CharBuffer out) {
    out.flip();
    while (out.hasRemaining()) {
      char c = out.get();
      text.append(c);
      if (c == '\\') {
        text.append('\\');
      }
    }
    out.clear();
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  private static CharsetDecoder strictUtf8() {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }
}

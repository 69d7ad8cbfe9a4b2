package io.salespipelines.transforms.parse;

import java.io.IOException;
import java.io.Reader;

/**
 * A reader that keeps the text it hands on, so that the raw text of a CSV record can be cut out by
 * line numbers after the parser has split it into fields. The CSV library reads ahead, so text is
 * kept until the caller releases it; a leading byte order mark is dropped.
 */
final class LineRecordingReader extends Reader {
  private final Reader in;
  private final StringBuilder kept = new StringBuilder();
  private static final int COMPACT_AT = 1 << 16;

  /** Offset in {@link #kept} of the first character not yet taken; it always starts a line. */
  private int keptStart = 0;
  /** Line number of the character at {@link #keptStart}. */
  private long keptFirstLine = 1;

  private boolean atStart = true;

  LineRecordingReader(Reader in) {
    this.in = in;
  }

  @Override
  public int read(char[] buf, int off, int len) throws IOException {
    int n = in.read(buf, off, len);
    if (n > 0 && atStart) {
      atStart = false;
      if (buf[off] == '\uFEFF') {
        System.arraycopy(buf, off + 1, buf, off, n - 1);
        n--;
        if (n == 0) {
          return read(buf, off, len);
        }
      }
    }
    if (n > 0) {
      kept.append(buf, off, n);
    }
    return n;
  }

  /**
   * Returns the text of lines {@code [fromLine, toLine)} without its final line break, and forgets
   * everything before {@code toLine}. {@code toLine == Long.MAX_VALUE} takes all text read so far.
   */
  String takeLines(long fromLine, long toLine) {
    int start = offsetOfLine(fromLine);
    int end = toLine == Long.MAX_VALUE ? kept.length() : offsetOfLine(toLine);
    int textEnd = end;
    while (textEnd > start && (kept.charAt(textEnd - 1) == '\n' || kept.charAt(textEnd - 1) == '\r')) {
      textEnd--;
    }
    String text = kept.substring(start, textEnd);
    keptStart = end;
    keptFirstLine = toLine;
    // Compact now and then rather than per record: the kept text holds the parser's read-ahead.
    if (keptStart > COMPACT_AT) {
      kept.delete(0, keptStart);
      keptStart = 0;
    }
    return text;
  }

  /** Offset in {@link #kept} where {@code line} starts; line breaks are LF, CRLF or a lone CR. */
  private int offsetOfLine(long line) {
    int offset = keptStart;
    long current = keptFirstLine;
    while (current < line && offset < kept.length()) {
      char c = kept.charAt(offset++);
      if (c == '\n') {
        current++;
      } else if (c == '\r') {
        if (offset < kept.length() && kept.charAt(offset) == '\n') {
          offset++;
        }
        current++;
      }
    }
    return offset;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}

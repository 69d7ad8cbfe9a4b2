package io.salespipelines.transforms.orders;

import io.salespipelines.transforms.parse.FileFormat;
import io.salespipelines.transforms.parse.FileHead;
import io.salespipelines.transforms.parse.RawRecord;
import io.salespipelines.transforms.parse.RecordSplitter;
import java.io.IOException;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Which order files may be split into ranges: uncompressed JSON-lines files. A file whose first
 * non-blank character is {@code [} is one JSON array, and an array cannot be cut at a line break
 * (an element may span lines, and a range would not know it is inside the array): it is read
 * whole, streamed, like a gzip file. The cursor decides the same way ({@link #isArrayStart}).
 */
final class OrderFileHead implements FileHead {
  @Override
  public @Nullable Boolean csvRecords(String fileName) {
    return FileFormat.of(fileName) == FileFormat.JSON_LINES && !FileFormat.isGzip(fileName) ? false : null;
  }

  @Override
  public @Nullable String read(RecordSplitter splitter, String path) throws IOException {
    for (RawRecord record; (record = splitter.next()) != null; ) {
      String text = record.textReplacingInvalid();
      int first = firstNonBlank(text);
      if (first < text.length()) {
        return isArrayStart(text.charAt(first)) ? null : "";
      }
    }
    return null; // blank: nothing to split
  }

  /** True for the character that makes a file one JSON array, when it is the first non-blank one. */
  static boolean isArrayStart(int c) {
    return c == '[';
  }

  /**
   * True for the bytes skipped before a file's first character: the ASCII whitespace that {@link
   * Character#isWhitespace} names. The head and the cursor both look at bytes this way.
   */
  static boolean isBlank(int b) {
    return b == ' ' || (b >= '\t' && b <= '\r') || (b >= 0x1C && b <= 0x1F);
  }

  private static int firstNonBlank(String text) {
    int i = 0;
    while (i < text.length() && isBlank(text.charAt(i))) {
      i++;
    }
    return i;
  }
}

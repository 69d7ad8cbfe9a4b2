package io.salespipelines.transforms.parse;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Cuts a landing file's bytes into records, before they are decoded: CSV records (RFC 4180, a
 * quoted field may span lines) or lines (JSON lines). It keeps at most {@code maxBytes} of a record
 * and only counts the rest, so a 50 MB field, or a 200 MB file without a line break, costs bounded
 * memory and one oversized record, and the records after it keep their exact line numbers.
 *
 * <p>Splitting bytes is safe for UTF-8: the bytes it looks at (quote, comma, CR, LF) never occur
 * inside a multi-byte sequence. Its quoting rules are FastCSV's (with which {@link CsvFields} then
 * splits each record into fields), so both agree where a record ends: a quote opens a quoted field
 * at the start of a field or after a closing quote, and is plain text inside an unquoted field.
 * Line breaks are LF, CRLF or a lone CR; empty lines are skipped. A UTF-8 byte order mark at the
 * start is dropped; a UTF-16 or UTF-32 one is reported by {@link #foreignEncoding()}.
 *
 * <p>A splitter may also start in the middle of a file, at a position an earlier splitter over the
 * same bytes reported with {@link #position()} and {@link #line()}: there its state is the same as
 * the earlier one's, so both cut the same records from there on with the same line numbers. This
 * is how a big file is read in ranges ({@link PlanFileRanges}); {@link #skip()} moves over a record
 * without keeping its bytes, for the scan that finds those positions.
 */
public final class RecordSplitter implements Closeable {
  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final byte QUOTE = '"';
  private static final byte COMMA = ',';

  private final InputStream in;
  private final boolean csv;
  private final int maxBytes;
  private final byte[] buf = new byte[1 << 16];
  /** Offset in the input of buf[0]. */
  private long bufStart;
  private int pos;
  private int len;
  private boolean eof;
  private boolean started;
  private @Nullable String foreignEncoding;

  /** Line of the next byte. */
  private long line;
  /** The previous record ended with CR: a LF right after it belongs to that line break. */
  private boolean swallowLf;

  /** The record being read: its first line and byte, kept bytes and full length. */
  private long recordLine;
  private long recordStart;
  private byte[] kept = new byte[256];
  private int keptLength;
  private long recordLength;
  /** How the last record read ended. */
  private boolean terminated;
  private boolean openQuote;

  /**
   * A splitter over a whole file, from its first byte.
   *
   * @param csv true to split CSV records, false to split lines
   * @param maxBytes the most bytes kept of one record
   */
  public RecordSplitter(InputStream in, boolean csv, int maxBytes) {
    this(in, csv, maxBytes, 0, 1);
  }

  /**
   * A splitter over the rest of a file from {@code offset} on, a position (and its line) that a
   * splitter over the same bytes reported; {@code in} starts at that offset. At offset 0 the byte
   * order mark is looked at, as for a whole file.
   */
  public RecordSplitter(InputStream in, boolean csv, int maxBytes, long offset, long line) {
    this.in = in;
    this.csv = csv;
    this.maxBytes = maxBytes;
    this.bufStart = offset;
    this.line = line;
    this.started = offset > 0;
  }

  /**
   * The encoding a UTF-16 or UTF-32 byte order mark at the start of the file names, with the mark
   * in hex (e.g. {@code UTF-16LE (FF FE)}), or null.
   */
  @Nullable
  String foreignEncoding() throws IOException {
    start();
    return foreignEncoding;
  }

  /** The next non-empty record, or null at the end of the input. */
  @Nullable
  public RawRecord next() throws IOException {
    return scan(true) ? record() : null;
  }

  /** Moves over the next non-empty record without keeping its bytes; false at the end of the input. */
  boolean skip() throws IOException {
    if (!scan(false)) {
      return false;
    }
    keptLength = 0;
    recordLength = 0;
    return true;
  }

  /**
   * The offset of the next byte after the last record read and its line break, with a LF that
   * completes a CRLF taken too. Between records the splitter's state is this position and {@link
   * #line()}, nothing else, so a splitter started there goes on exactly as this one does.
   */
  public long position() throws IOException {
    if (swallowLf) {
      if (pos == len && !fill()) {
        swallowLf = false;
        return bufStart + pos;
      }
      swallowLf = false;
      if (buf[pos] == LF) {
        pos++;
      }
    }
    return bufStart + pos;
  }

  /** The offset of the next byte to be read, cheaper than {@link #position()}, and up to one less. */
  long roughPosition() {
    return bufStart + pos;
  }

  /** Line of the next byte. */
  public long line() {
    return line;
  }

  /** Reads the next record; false at the end of the input. */
  private boolean scan(boolean keepBytes) throws IOException {
    start();
    recordLine = line;
    keptLength = 0;
    recordLength = 0;
    boolean inQuotes = false;
    boolean quotedField = false;
    boolean dataField = false;
    boolean lastWasCr = false;
    while (true) {
      if (pos == len && !fill()) {
        terminated = false;
        openQuote = inQuotes;
        return recordLength > 0;
      }
      byte b = buf[pos++];
      if (swallowLf) {
        swallowLf = false;
        if (b == LF) {
          continue;
        }
      }
      if (inQuotes) {
        if (b == CR) {
          line++;
          lastWasCr = true;
        } else {
          if (b == LF) {
            if (!lastWasCr) {
              line++;
            }
          } else if (b == QUOTE) {
            inQuotes = false;
          }
          lastWasCr = false;
        }
        keep(b, keepBytes);
        continue;
      }
      if (b == LF || b == CR) {
        line++;
        swallowLf = b == CR;
        if (recordLength == 0) {
          recordLine = line; // an empty line
          continue;
        }
        terminated = true;
        openQuote = false;
        return true;
      }
      if (csv) {
        if (b == COMMA) {
          quotedField = false;
          dataField = false;
        } else if (b == QUOTE && !dataField) {
          inQuotes = true;
          quotedField = true;
        } else if (!quotedField) {
          dataField = true;
        }
      }
      keep(b, keepBytes);
    }
  }

  /**
   * The record that was being read when the input failed, for the dead letter that reports the
   * break; null if the break came between records.
   */
  @Nullable
  public RawRecord partial() {
    return recordLength == 0 ? null : new RawRecord(recordLine, line, Arrays.copyOf(kept, keptLength), recordLength, false, false);
  }

  /**
   * Offset of the first byte of the last record read (of its decompressed bytes for gzip): with
   * the file, it tells records apart even when they share a line number.
   */
  public long recordStart() {
    return recordStart;
  }

  /** Line of the record being read (or of the next one). */
  public long currentLine() {
    return recordLine;
  }

  private void keep(byte b, boolean keepBytes) {
    if (recordLength == 0) {
      recordStart = bufStart + pos - 1;
    }
    recordLength++;
    if (keepBytes && keptLength < maxBytes) {
      if (keptLength == kept.length) {
        kept = Arrays.copyOf(kept, (int) Math.min((long) maxBytes, 2L * kept.length));
      }
      kept[keptLength++] = b;
    }
  }

  private RawRecord record() {
    long endLine = terminated ? line - 1 : line;
    RawRecord r =
        new RawRecord(recordLine, endLine, Arrays.copyOf(kept, keptLength), recordLength, terminated, openQuote);
    if (kept.length > 1 << 16) {
      kept = new byte[256]; // let a huge record's buffer go
    }
    keptLength = 0;
    recordLength = 0;
    return r;
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.read(buf, 0, buf.length);
    while (n == 0) {
      n = in.read(buf, 0, buf.length);
    }
    bufStart += len;
    if (n < 0) {
      eof = true;
      pos = len = 0;
      return false;
    }
    pos = 0;
    len = n;
    return true;
  }

  /** Reads the first bytes and looks at the byte order mark. */
  private void start() throws IOException {
    if (started) {
      return;
    }
    started = true;
    while (len < 4) {
      int n = in.read(buf, len, buf.length - len);
      if (n < 0) {
        eof = true;
        break;
      }
      len += n;
    }
    int b0 = len > 0 ? buf[0] & 0xFF : -1;
    int b1 = len > 1 ? buf[1] & 0xFF : -1;
    int b2 = len > 2 ? buf[2] & 0xFF : -1;
    int b3 = len > 3 ? buf[3] & 0xFF : -1;
    if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
      pos = 3;
    } else if (b0 == 0xFF && b1 == 0xFE && b2 == 0 && b3 == 0) {
      foreignEncoding = "UTF-32LE (it starts with the byte order mark FF FE 00 00)";
    } else if (b0 == 0 && b1 == 0 && b2 == 0xFE && b3 == 0xFF) {
      foreignEncoding = "UTF-32BE (it starts with the byte order mark 00 00 FE FF)";
    } else if (b0 == 0xFF && b1 == 0xFE) {
      foreignEncoding = "UTF-16LE (it starts with the byte order mark FF FE)";
    } else if (b0 == 0xFE && b1 == 0xFF) {
      foreignEncoding = "UTF-16BE (it starts with the byte order mark FE FF)";
    }
    if (eof && pos == len) {
      bufStart += len;
      len = pos = 0;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}

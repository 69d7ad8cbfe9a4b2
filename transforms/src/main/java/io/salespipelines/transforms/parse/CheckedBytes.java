package io.salespipelines.transforms.parse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A file's bytes on their way to a JSON parser (orders-cdc's change files, orders-analytics'
 * arrays): checked as UTF-8, each byte that is not UTF-8 handed on as {@code ?} (same length, so
 * the parser's byte offsets stay the file's) and noted, and
 * every byte since the end of the last record taken kept as it was, for that record's text. The
 * parser sees only UTF-8 (a byte that is not would otherwise stop it, or pick another charset), and
 * a record holding such a byte is judged on its own.
 *
 * <p>Memory is the current record and two buffers: past about {@code maxRecordBytes} kept, reading
 * stops with {@link RecordTooLong}.
 */
public final class CheckedBytes extends InputStream {
  /** The record being read passed the limit; its reading, and the file's, stops. */
  public static final class RecordTooLong extends IOException {
    RecordTooLong(String message) {
      super(message);
    }
  }

  /** A record's original bytes, trimmed, and whether they are all UTF-8. */
  public static final class Taken {
    public final byte[] bytes;
    public final boolean valid;

    Taken(byte[] bytes, boolean valid) {
      this.bytes = bytes;
      this.valid = valid;
    }
  }

  /**
   * Longest JSON value the readers hold (an orders-cdc change record, an element of an order
   * array): a DynamoDB item is at most 400 KB and an order a few KB, so a longer value is damage,
   * and holding it whole would let one file take the heap.
   */
  public static final int MAX_JSON_VALUE_BYTES = 16 << 20;

  private static final int CHUNK = 1 << 16;
  private final InputStream in;
  private final long limit;
  /** Bytes read, not yet checked: a UTF-8 sequence cut by the end of a read waits here for the rest. */
  private final byte[] src = new byte[CHUNK];
  private int srcPos;
  private int srcEnd;
  private boolean eof;
  /** Checked bytes not yet handed on. */
  private final byte[] ready = new byte[CHUNK];
  private int readyPos;
  private int readyEnd;
  /** The original bytes from {@link #keptFrom} to {@link #checked}. */
  private byte[] kept = new byte[2 * CHUNK];
  private int keptStart;
  private int keptEnd;
  private long keptFrom;
  private long checked;
  /** File offsets of the kept bytes that are not UTF-8, ascending. */
  private final ArrayDeque<Long> invalid = new ArrayDeque<>();
  private boolean restCut;
  /** How many kept bytes from {@code keptStart} on are blank (all of them, while no record began). */
  private int blankPrefix;
  /** Line breaks in blanks let go before any record began (a file of megabytes of blank lines). */
  private long droppedBlankLines;

  public CheckedBytes(InputStream in, int maxRecordBytes) {
    this.in = in;
    this.limit = (long) maxRecordBytes + 2L * CHUNK;
  }

  @Override
  public int read() throws IOException {
    if (readyPos == readyEnd && !check()) {
      return -1;
    }
    return ready[readyPos++] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (readyPos == readyEnd && !check()) {
      return -1;
    }
    int n = Math.min(len, readyEnd - readyPos);
    System.arraycopy(ready, readyPos, b, off, n);
    readyPos += n;
    return n;
  }

  /** File offset of the next byte the parser gets. */
  public long handedOut() {
    return checked - (readyEnd - readyPos);
  }

  public long keptFrom() {
    return keptFrom;
  }

  /**
   * The record at file offsets [start, end), without the blanks around it; the bytes up to its
   * end are let go.
   */
  public Taken take(long start, long end) {
    int[] range = trimmed(start, end);
    Taken taken = new Taken(Arrays.copyOfRange(kept, range[0], range[1]), valid(range));
    release(end);
    return taken;
  }

  /** Whether the record at [start, end) is all UTF-8 (its bytes are copied only when needed). */
  public boolean isValid(long start, long end) {
    return valid(trimmed(start, end));
  }

  /** Indexes in {@code kept} of the record at [start, end) without the blanks around it. */
  private int[] trimmed(long start, long end) {
    if (start < keptFrom || end > checked || start > end) {
      throw new IllegalStateException(
          "a record at bytes " + start + ".." + end + " is outside the kept bytes " + keptFrom + ".." + checked);
    }
    int from = keptStart + (int) (start - keptFrom);
    int to = keptStart + (int) (end - keptFrom);
    while (from < to && isWhitespace(kept[from])) {
      from++;
    }
    while (to > from && isWhitespace(kept[to - 1])) {
      to--;
    }
    return new int[] {from, to};
  }

  private boolean valid(int[] range) {
    long firstByte = keptFrom + (range[0] - keptStart);
    long pastLast = keptFrom + (range[1] - keptStart);
    while (!invalid.isEmpty() && invalid.peekFirst() < firstByte) {
      invalid.pollFirst();
    }
    return invalid.isEmpty() || invalid.peekFirst() >= pastLast;
  }

  /** Lets go of the bytes before {@code end}: the records up to there are read. */
  public void release(long end) {
    keptStart += (int) (end - keptFrom);
    keptFrom = end;
    droppedBlankLines = 0;
    blankPrefix = 0;
    while (keptStart + blankPrefix < keptEnd && isWhitespace(kept[keptStart + blankPrefix])) {
      blankPrefix++;
    }
    while (!invalid.isEmpty() && invalid.peekFirst() < end) {
      invalid.pollFirst();
    }
  }

  /**
   * The original bytes from the end of the last record taken to the end of the file, at most
   * {@code max} of them (for the dead letter of a file that stops); reading goes on without checks.
   */
  public byte[] restFromKept(int max) throws IOException {
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    rest.write(kept, keptStart, Math.min(keptEnd - keptStart, max));
    int fromSrc = Math.min(srcEnd - srcPos, max - rest.size());
    rest.write(src, srcPos, fromSrc);
    srcPos += fromSrc;
    boolean more = keptEnd - keptStart > max || srcPos < srcEnd;
    byte[] buffer = new byte[CHUNK];
    while (!more && !eof) {
      int n = in.read(buffer, 0, Math.min(buffer.length, max - rest.size() + 1));
      if (n < 0) {
        eof = true;
      } else {
        int keep = Math.min(n, max - rest.size());
        rest.write(buffer, 0, keep);
        more = keep < n;
      }
    }
    restCut = more;
    return rest.toByteArray();
  }

  /** Whether {@link #restFromKept} left bytes out. */
  public boolean restWasCut() {
    return restCut;
  }

  /** Checks the next bytes into {@code ready}; false at the end of the file. */
  private boolean check() throws IOException {
    readyPos = 0;
    readyEnd = 0;
    while (readyEnd == 0) {
      if (srcPos > 0) {
        System.arraycopy(src, srcPos, src, 0, srcEnd - srcPos);
        srcEnd -= srcPos;
        srcPos = 0;
      }
      if (!eof && srcEnd < src.length) {
        int n = in.read(src, srcEnd, src.length - srcEnd);
        if (n < 0) {
          eof = true;
        } else {
          srcEnd += n;
        }
      }
      if (eof && srcEnd == 0) {
        return false;
      }
      while (srcPos < srcEnd) {
        if (src[srcPos] >= 0 && checked >= 4) {
          // A run of ASCII, most of any file: passed on as it is.
          int run = srcPos + 1;
          while (run < srcEnd && src[run] >= 0) {
            run++;
          }
          int n = run - srcPos;
          keep(n);
          System.arraycopy(src, srcPos, ready, readyEnd, n);
          readyEnd += n;
          checked += n;
          srcPos += n;
          continue;
        }
        int unit = utf8Unit(src, srcPos, srcEnd, eof);
        if (unit == 0) {
          break; // a sequence cut by the end of this read: wait for its rest
        }
        int n = Math.abs(unit);
        keep(n);
        for (int i = 0; i < n; i++) {
          byte b = src[srcPos + i];
          if (unit < 0) {
            invalid.addLast(checked + i);
            b = '?';
          } else if (b == 0 && checked + i < 4) {
            // Zero bytes up front would make the parser take the file for UTF-16 or UTF-32.
            b = '?';
          }
          ready[readyEnd++] = b;
        }
        checked += n;
        srcPos += n;
      }
    }
    return true;
  }

  /** Line breaks in the blanks let go since the last record taken (they count for the rest's line). */
  public long droppedBlankLines() {
    return droppedBlankLines;
  }

  private void keep(int n) throws RecordTooLong {
    if (blankPrefix == keptEnd - keptStart && blankPrefix > CHUNK) {
      // Only blanks since the last record: no record holds them, so they need not be kept.
      for (int i = keptStart; i < keptEnd; i++) {
        if (kept[i] == '\n') {
          droppedBlankLines++;
        }
      }
      keptFrom += blankPrefix;
      keptStart = keptEnd;
      blankPrefix = 0;
    }
    if (blankPrefix == keptEnd - keptStart) {
      int i = srcPos;
      while (i < srcPos + n && isWhitespace(src[i])) {
        i++;
      }
      blankPrefix += i - srcPos;
    }
    if (keptEnd - keptStart + n > limit) {
      throw new RecordTooLong("it starts after byte " + keptFrom + " of the file");
    }
    if (keptEnd + n > kept.length) {
      int length = keptEnd - keptStart;
      if (length + n > kept.length / 2) {
        kept = Arrays.copyOfRange(kept, keptStart, keptStart + Math.max(2 * kept.length, length + n));
      } else {
        System.arraycopy(kept, keptStart, kept, 0, length);
      }
      keptStart = 0;
      keptEnd = length;
    }
    System.arraycopy(src, srcPos, kept, keptEnd, n);
    keptEnd += n;
  }

  public static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  /**
   * The UTF-8 sequence starting at {@code p}: its length when well-formed (Unicode's table 3-7:
   * no overlong forms, surrogates or values past U+10FFFF), minus the length of its ill-formed
   * start when not, 0 when the bytes end before that is known.
   */
  public static int utf8Unit(byte[] bytes, int p, int end, boolean atEof) {
    int b0 = bytes[p] & 0xFF;
    if (b0 < 0x80) {
      return 1;
    }
    int need;
    int lo = 0x80;
    int hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      need = 1;
    } else if (b0 == 0xE0) {
      need = 2;
      lo = 0xA0;
    } else if (b0 == 0xED) {
      need = 2;
      hi = 0x9F;
    } else if (b0 >= 0xE1 && b0 <= 0xEF) {
      need = 2;
    } else if (b0 == 0xF0) {
      need = 3;
      lo = 0x90;
    } else if (b0 == 0xF4) {
      need = 3;
      hi = 0x8F;
    } else if (b0 >= 0xF1 && b0 <= 0xF3) {
      need = 3;
    } else {
      return -1;
    }
    for (int i = 1; i <= need; i++) {
      if (p + i >= end) {
        return atEof ? -i : 0;
      }
      int b = bytes[p + i] & 0xFF;
      if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF)) {
        return -i;
      }
    }
    return need + 1;
  }
}

package io.salespipelines.transforms.orders;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.ErrorType;
import io.salespipelines.schemas.ParsedOrder;
import io.salespipelines.schemas.ValueLimits;
import io.salespipelines.transforms.parse.CheckedBytes;
import io.salespipelines.transforms.parse.EndAtGzipBreak;
import io.salespipelines.transforms.parse.FileFormat;
import io.salespipelines.transforms.parse.FileRange;
import io.salespipelines.transforms.parse.LandingFile;
import io.salespipelines.transforms.parse.ParseSalesFile;
import io.salespipelines.transforms.parse.RangeCursor;
import io.salespipelines.transforms.parse.RawRecord;
import io.salespipelines.transforms.parse.RecordBlock;
import io.salespipelines.transforms.parse.RecordRange;
import io.salespipelines.transforms.parse.RecordSplitter;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads one range of an order file a block of orders at a time, for {@link ParseOrderFile}.
 *
 * <p>A JSON-lines file is cut into lines by the landing zone's {@link RecordSplitter}, so a range
 * of a split file starts exactly where the planner saw a line start, with its line number; a
 * position is a byte offset (of the decompressed bytes for gzip). A JSON array is streamed with
 * Jackson from the file's start; its positions are element counts, and it is never split (see
 * {@link OrderFileHead}). An order's ordinal is its line's first byte in a JSON-lines file and its
 * index in an array: either way its place in the file.
 *
 * <p>Dead letters as SPEC 2.1 says: {@code wrong_file_type} for another ending; {@code malformed}
 * for a line or element that is not a JSON object, and at line 0 for a {@code .gz} that does not
 * decompress (every line before the break is read, {@link EndAtGzipBreak}) or an array that does
 * not parse; {@code unreadable} at line 0 when the file cannot be opened, reading fails for
 * another reason than its content, or it changes while it is read.
 */
final class OrderFileCursor implements RangeCursor {
  private final FileRange file;
  private final String path;
  private final boolean gzip;
  private final RangeCursor.Outputs outputs = new RangeCursor.Outputs();
  /** True when this cursor reads a whole file from its start, so it counts all its orders. */
  private final boolean countsWholeFile;
  private @Nullable LandingFile landing;
  private @Nullable EndAtGzipBreak decompressed;
  private @Nullable RecordSplitter lines;
  private @Nullable JsonParser array;
  /** The array's bytes as the parser gets them: UTF-8 checked, each element's own bytes kept. */
  private @Nullable CheckedBytes arrayBytes;
  /** Lines before the array's first character. */
  private long skippedLines;
  private boolean started;
  /** Nothing more to read: the file ended, was rejected whole, or broke off. */
  private boolean done;
  private boolean brokenOff;
  private boolean checkedForChange;
  private long position;
  private long line;
  /** Orders (and malformed lines or elements) read by this cursor, and the line of the last one. */
  private long read;
  private long lastLine;

  OrderFileCursor(FileRange file, RecordRange range) {
    this.file = file;
    this.path = file.path;
    this.position = range.from;
    this.line = range.line;
    this.countsWholeFile = range.from == 0 && file.count == 1;
    String name = ParseSalesFile.fileName(path);
    this.gzip = FileFormat.isGzip(name);
    if (FileFormat.of(name) != FileFormat.JSON_LINES) {
      wholeFile(ErrorType.WRONG_FILE_TYPE, "file ending is not .json, .jsonl or .ndjson (optionally .gz): " + name);
      done = true;
      return;
    }
    try {
      landing = isLaterRangeOfSplitFile() ? LandingFile.openAt(path, position) : LandingFile.open(path);
    } catch (IOException | RuntimeException e) {
      wholeFile(ErrorType.UNREADABLE, "could not open the file: " + describe(e));
      done = true;
      return;
    }
    landing.sizeWhenFirstOpened(file.fileSize);
  }

  /** A range after the first of a file the planner split: JSON lines, read from its offset. */
  private boolean isLaterRangeOfSplitFile() {
    return file.head != null && position > 0;
  }

  @Override
  public RangeCursor.Block read(long to, int maxRecords) {
    long start = position;
    try {
      if (!done && !started) {
        start();
      }
      for (int n = 0; !done && n < maxRecords && position < to; n++) {
        if (array != null) {
          readElement();
        } else {
          readLine();
        }
      }
    } catch (JsonProcessingException e) {
      String at = e.getLocation() == null ? "" : " at line " + (skippedLines + e.getLocation().getLineNr());
      brokeOff(ErrorType.MALFORMED, "the JSON array does not parse" + at + ": " + e.getOriginalMessage());
    } catch (NumberFormatException | ArithmeticException e) {
      // A number Java cannot hold (an exponent past int range): the array cannot be read on from
      // inside the element, so it breaks off here; content, not a fault of the storage.
      brokeOff(ErrorType.MALFORMED, "the JSON array does not parse after line " + line + ": a number that cannot be read ("
          + describe(e) + ")");
    } catch (CheckedBytes.RecordTooLong e) {
      brokeOff(ErrorType.MALFORMED, "the JSON array does not parse after line " + line + ": an element longer than "
          + (CheckedBytes.MAX_JSON_VALUE_BYTES >> 20) + " MiB (" + e.getMessage() + ")");
    } catch (ZipException | EOFException e) {
      brokeOff(ErrorType.MALFORMED, "the gzip data does not decompress: " + describe(e));
    } catch (IOException | RuntimeException e) {
      brokeOff(ErrorType.UNREADABLE, "could not read the file: " + describe(e));
    }
    return outputs.take(new RecordBlock(start, done ? RecordRange.END : position, line));
  }

  /**
   * Starts reading at this range's position: a later range of a split file right there; else from
   * the file's start, where the first non-blank byte tells lines from an array, and on to the
   * position (a read resumed on a new cursor; gzip has no index to seek by).
   */
  private void start() throws IOException {
    started = true;
    InputStream in = landing.content(false);
    if (gzip) {
      // Not LandingFile's gzip: a .gz that is not gzip at all is malformed here (SPEC 2.1).
      decompressed = new EndAtGzipBreak(new GZIPInputStream(in, 1 << 16));
      in = decompressed;
    }
    if (isLaterRangeOfSplitFile()) {
      lines = new RecordSplitter(in, false, ValueLimits.MAX_RECORD_BYTES, position, line);
      return;
    }
    PushbackInputStream head = new PushbackInputStream(in, 3);
    long offset = skipBomAndBlank(head);
    int first = head.read();
    if (first < 0) {
      finish();
      return;
    }
    head.unread(first);
    if (OrderFileHead.isArrayStart(first)) {
      // Bytes, not a Reader's chars: a Reader would read bytes that are not UTF-8 as U+FFFD, and
      // two ids that differ only there would be one.
      arrayBytes = new CheckedBytes(head, CheckedBytes.MAX_JSON_VALUE_BYTES);
      array = OrderJson.MAPPER.getFactory().createParser(arrayBytes);
      // Else Jackson closes the file at the array's end, before the check that it did not change.
      array.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
      array.nextToken(); // the [
      for (long i = 0; i < position; i++) {
        JsonToken token = array.nextToken();
        if (token == null || token == JsonToken.END_ARRAY) {
          throw new IOException("the array has fewer than " + position + " elements now");
        }
        long from = array.currentTokenLocation().getByteOffset();
        array.skipChildren();
        arrayBytes.release(array.currentLocation().getByteOffset());
      }
      return;
    }
    if (position > offset) {
      head.skipNBytes(position - offset);
      offset = position;
    }
    lines = new RecordSplitter(head, false, ValueLimits.MAX_RECORD_BYTES, offset, position > 0 ? line : 1 + skippedLines);
  }

  /** Skips a UTF-8 byte order mark and blank bytes, counting their line breaks; returns the bytes skipped. */
  private long skipBomAndBlank(PushbackInputStream in) throws IOException {
    byte[] bom = new byte[3];
    int n = in.readNBytes(bom, 0, 3);
    long offset = 0;
    if (n == 3 && (bom[0] & 0xFF) == 0xEF && (bom[1] & 0xFF) == 0xBB && (bom[2] & 0xFF) == 0xBF) {
      offset = 3;
    } else {
      in.unread(bom, 0, n);
    }
    boolean afterCr = false;
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (!OrderFileHead.isBlank(b)) {
        in.unread(b);
        break;
      }
      offset++;
      if (b == '\r' || (b == '\n' && !afterCr)) {
        skippedLines++;
      }
      afterCr = b == '\r';
    }
    return offset;
  }

  private void readLine() throws IOException {
    RawRecord record = lines.next();
    if (record == null) {
      finish();
      return;
    }
    if (!record.terminated) {
      // The last line has no line break: complete, or cut by a writer that is still at work.
      if (!file.isLast()) {
        done = true; // the file ends before this range does: it was cut, and its last range says so
        return;
      }
      String change = landing.changeSinceOpened();
      checkedForChange = true;
      if (change != null) {
        failure(DeadLetter.of(path, 0, ErrorType.UNREADABLE, null,
            change + "; its last line, which has no line break, was not used", record.cutText()));
        done = true;
        return;
      }
    }
    long ordinal = lines.recordStart();
    position = lines.position();
    line = lines.line();
    if (record.oversized()) {
      count(record.line);
      failure(DeadLetter.of(path, record.line, ErrorType.MALFORMED, null,
          "line longer than " + ValueLimits.MAX_RECORD_BYTES + " bytes (" + record.length + " bytes); not read",
          record.cutText()));
      return;
    }
    String text = record.text();
    if (text == null) {
      // Read with replacement characters, two ids that differ in an invalid byte would be one.
      count(record.line);
      failure(DeadLetter.of(path, record.line, ErrorType.INVALID_ENCODING, null,
          record.notUtf8Message("line"),
          record.escapedText()));
      return;
    }
    if (text.isBlank()) {
      return;
    }
    count(record.line);
    emit(OrderJson.parseLine(path, record.line, ordinal, text));
  }

  private void readElement() throws IOException {
    JsonToken token = array.nextToken();
    if (token == JsonToken.END_ARRAY) {
      if (array.nextToken() != null) {
        brokeOff(ErrorType.MALFORMED, "text after the JSON array's closing ]");
      } else {
        finish();
      }
      return;
    }
    if (token == null) {
      brokeOff(ErrorType.MALFORMED, "the JSON array is not closed");
      return;
    }
    long elementLine = skippedLines + array.currentTokenLocation().getLineNr();
    long from = array.currentTokenLocation().getByteOffset();
    JsonNode element = OrderJson.ELEMENT_READER.readValue(array);
    long to = array.currentLocation().getByteOffset();
    CheckedBytes.Taken bytes = arrayBytes.isValid(from, to) ? null : arrayBytes.take(from, to);
    arrayBytes.release(to);
    long ordinal = position;
    position++;
    line = elementLine;
    count(elementLine);
    if (bytes != null) {
      RawRecord raw = RawRecord.of(bytes.bytes);
      failure(DeadLetter.of(path, elementLine, ErrorType.INVALID_ENCODING, null,
          raw.notUtf8Message("array element"),
          raw.escapedText()));
      return;
    }
    emit(OrderJson.fromNode(path, elementLine, ordinal, element.toString(), element));
  }

  /** The end of the file's bytes: it must not have changed, and a .gz must have decompressed. */
  private void finish() throws IOException {
    done = true;
    if (!checkedForChange && file.isLast()) {
      checkedForChange = true;
      String change = landing.changeSinceOpened();
      if (change != null) {
        wholeFile(ErrorType.UNREADABLE, change);
      }
    }
    if (decompressed != null && decompressed.cause() != null) {
      brokeOff(ErrorType.MALFORMED, "the gzip data does not decompress: " + describe(decompressed.cause()));
    }
  }

  private void count(long recordLine) {
    read++;
    lastLine = recordLine;
  }

  private void emit(Object parsed) {
    if (parsed instanceof ParsedOrder order) {
      outputs.add(ParseOrderFile.ORDERS, order);
    } else {
      failure((DeadLetter) parsed);
    }
  }

  /** The one line-0 entry of a file that breaks off; a gzip break explains any parse error after it. */
  private void brokeOff(ErrorType type, String message) {
    done = true;
    if (brokenOff) {
      return;
    }
    brokenOff = true;
    if (decompressed != null && decompressed.cause() != null) {
      type = ErrorType.MALFORMED;
      message = "the gzip data does not decompress: " + describe(decompressed.cause());
    }
    String stand;
    if (!countsWholeFile) {
      stand = read == 0 ? "; the orders before line " + line + " stand"
          : "; the orders read up to line " + lastLine + " stand";
    } else {
      stand = read == 0 ? "; nothing was read before"
          : "; the " + read + " records read up to line " + lastLine + " stand";
    }
    wholeFile(type, message + stand);
  }

  private void wholeFile(ErrorType type, String message) {
    failure(DeadLetter.of(path, 0, type, null, message, ""));
  }

  private void failure(DeadLetter deadLetter) {
    outputs.add(ParseOrderFile.FAILURES, deadLetter);
  }

  @Override
  public void close() {
    try {
      if (array != null) {
        array.close();
      }
      if (landing != null) {
        landing.close();
      }
    } catch (IOException e) {
      // nothing was written; the orders read stand
    }
  }

  static String describe(Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}

package io.salespipelines.transforms.cdc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import io.salespipelines.schemas.ErrorType;
import io.salespipelines.transforms.parse.RawRecord;
import io.salespipelines.transforms.parse.RecordSplitter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Cuts a change file's bytes into records with bounded memory. The landing zone's {@link
 * RecordSplitter} cuts lines from the bytes before they are decoded (so a line longer than the
 * record limit is never held, and a line that is not UTF-8 is known as such); Jackson's
 * non-blocking parser, fed line by line, finds where each root-level JSON value ends, so a record
 * may span lines or share one with others (Firehose writes them back to back). Only the bytes of
 * the record being read are kept, at most {@code maxBytes} of them.
 *
 * <p>A record on a line with bytes that are not UTF-8 is {@code invalid_encoding}, its raw the
 * whole lines it spans with each such byte as {@code \xNN}: decoded with replacement characters,
 * two ids differing in one such byte would be one. It is still parsed (with replacement
 * characters) to find where it ends, so its neighbours go on.
 */
final class ChangeSplitter {
  /** See {@link ChangeFileReader#MAX_NESTING}. */
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(ChangeFileReader.MAX_NESTING)
                  .maxNumberLength(Integer.MAX_VALUE)
                  .maxStringLength(Integer.MAX_VALUE)
                  .build())
          .build();

  private final String source;
  private final RecordSplitter lines;
  private final int maxBytes;
  private final Consumer<RawChange> out;

  private JsonParser parser;
  /** The file line the parser's line 1 is. */
  private long parserFirstLine = 1;
  /** The offset of the parser's first byte among all bytes fed (it starts afresh after a line over the limit). */
  private long parserBase;
  /** The next file line the parser is to be fed. */
  private long nextLine = 1;

  /** Bytes fed since the last point between records, from offset windowBase (file line windowLine). */
  private byte[] window = new byte[256];
  private int windowLength;
  private long windowBase;
  private long windowLine = 1;
  /** End offset of the last record, where whitespace before the next one starts. */
  private long lastEnd;
  /** Lines of the window with bytes that are not UTF-8, and their escaped text. */
  private final TreeMap<Long, String> invalidLines = new TreeMap<>();

  private int depth;
  private long recordStart = -1;
  /** The record being read is over the limit: reported already, its bytes are no longer kept. */
  private boolean skipping;

  ChangeSplitter(String source, InputStream in, int maxBytes, Consumer<RawChange> out) throws IOException {
    this.source = source;
    this.lines = new RecordSplitter(in, false, maxBytes);
    this.maxBytes = maxBytes;
    this.out = out;
    this.parser = FACTORY.createNonBlockingByteArrayParser();
  }

  /** Reads all records; false when the file stopped parsing (its rest was one malformed record). */
  boolean readAll() throws IOException {
    try {
      for (RawRecord line; (line = lines.next()) != null; ) {
        if (line.oversized()) {
          oversizedLine(line);
          continue;
        }
        String text = line.text();
        byte[] bytes;
        if (text == null) {
          invalidLines.put(line.line, line.escapedText());
          bytes = line.textReplacingInvalid().getBytes(StandardCharsets.UTF_8);
        } else {
          bytes = text.getBytes(StandardCharsets.UTF_8);
        }
        feed(line.line, bytes);
      }
      ((ByteArrayFeeder) parser.getNonBlockingInputFeeder()).endOfInput();
      tokens();
      if (depth > 0 && !skipping) {
        throw new EndOfFileInRecord();
      }
      return true;
    } catch (JsonProcessingException e) {
      brokeOff(e);
      return false;
    }
  }

  /** A line over the limit: one malformed record, and with it the record it is part of, if any. */
  private void oversizedLine(RawRecord line) throws IOException {
    if (depth == 0) {
      out.accept(RawChange.rejected(source, line.line, line.cutText(), ErrorType.MALFORMED,
          "line longer than " + maxBytes + " bytes (" + line.length + " bytes); not read"));
    } else if (!skipping) {
      out.accept(RawChange.rejected(source, lineAt(recordStart), keptText(recordStart), ErrorType.MALFORMED,
          "record longer than " + maxBytes + " bytes (its line " + line.line + " alone has " + line.length
              + " bytes); not read"));
    }
    // The parser cannot go on without the line: it starts afresh after it.
    parser.close();
    parser = FACTORY.createNonBlockingByteArrayParser();
    parserFirstLine = line.line + 1;
    nextLine = line.line + 1;
    depth = 0;
    skipping = false;
    recordStart = -1;
    clearWindow(line.line + 1);
    parserBase = windowBase;
    lastEnd = windowBase;
  }

  private void feed(long line, byte[] bytes) throws IOException {
    // Empty lines the splitter skipped are fed as line breaks, so that the parser's lines are the file's.
    int pad = (int) Math.min(Integer.MAX_VALUE - 2 - (long) bytes.length, line - nextLine);
    byte[] chunk = new byte[pad + bytes.length + 1];
    Arrays.fill(chunk, 0, pad, (byte) '\n');
    System.arraycopy(bytes, 0, chunk, pad, bytes.length);
    chunk[chunk.length - 1] = '\n';
    nextLine = line + 1;
    append(chunk);
    ((ByteArrayFeeder) parser.getNonBlockingInputFeeder()).feedInput(chunk, 0, chunk.length);
    tokens();
    if (depth == 0) {
      clearWindow(nextLine);
    } else if (skipping) {
      clearWindow(nextLine); // the rest of a record already reported: its bytes are not kept
    } else if (windowBase + windowLength - recordStart > maxBytes) {
      out.accept(RawChange.rejected(source, lineAt(recordStart), keptText(recordStart), ErrorType.MALFORMED,
          "record longer than " + maxBytes + " bytes; not read"));
      skipping = true;
      clearWindow(nextLine);
    }
  }

  /** Takes the parser's tokens until it needs more input, emitting each root-level value that ends. */
  private void tokens() throws IOException {
    for (JsonToken t; (t = parser.nextToken()) != null && t != JsonToken.NOT_AVAILABLE; ) {
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        if (depth++ == 0) {
          recordStart = firstNonBlank(lastEnd);
        }
      } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
        if (--depth == 0) {
          // After an end token the parser's offset is exact (its token starts are not, when async).
          long end = parserBase + parser.currentLocation().getByteOffset();
          emit(recordStart, end);
        }
      } else if (depth == 0) {
        long start = firstNonBlank(lastEnd);
        emit(start, start + scalarLength(start, t));
      }
    }
  }

  private void emit(long start, long end) {
    lastEnd = end;
    if (skipping) {
      skipping = false;
      return;
    }
    long first = lineAt(start);
    long last = lineAt(end - 1);
    String text = text(start, end).trim();
    if (invalidLines.subMap(first, true, last, true).isEmpty()) {
      out.accept(RawChange.record(source, first, text));
      return;
    }
    out.accept(RawChange.rejected(source, first, escapedLines(first, last), ErrorType.INVALID_ENCODING,
        "bytes that are not UTF-8 (shown as \\xNN in raw)"));
  }

  /** The rest of a file that stops parsing, as one malformed record of at most maxBytes. */
  private void brokeOff(JsonProcessingException e) throws IOException {
    long from = Math.max(lastEnd, windowBase);
    from = firstNonBlank(from);
    long line = lineAt(from);
    StringBuilder rest = new StringBuilder(keptText(from));
    int restBytes = (int) (windowBase + windowLength - from);
    for (RawRecord next; restBytes < maxBytes && (next = lines.next()) != null; ) {
      rest.append("\n".repeat((int) Math.min(100, Math.max(0, next.line - nextLine)))).append(next.cutText()).append('\n');
      nextLine = next.line + 1;
      restBytes += (int) Math.min(next.length + 1, maxBytes);
    }
    String restText = rest.length() > maxBytes ? rest.substring(0, maxBytes) : rest.toString();
    JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
    String why = "the file stops parsing at line " + (parserFirstLine - 1 + at.getLineNr()) + ", column "
        + at.getColumnNr() + " (" + e.getOriginalMessage() + "); its rest is not read";
    out.accept(RawChange.brokenOff(source, line, restText, why));
  }

  private void append(byte[] chunk) {
    if (windowLength + chunk.length > window.length) {
      window = Arrays.copyOf(window, Math.max(windowLength + chunk.length, 2 * window.length));
    }
    System.arraycopy(chunk, 0, window, windowLength, chunk.length);
    windowLength += chunk.length;
  }

  private void clearWindow(long line) {
    windowBase += windowLength;
    windowLength = 0;
    windowLine = line;
    invalidLines.clear();
    if (window.length > 1 << 16) {
      window = new byte[256]; // let a big record's buffer go
    }
  }

  private long firstNonBlank(long from) {
    long i = Math.max(from, windowBase);
    while (i < windowBase + windowLength && isBlank(window[(int) (i - windowBase)])) {
      i++;
    }
    return i;
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  /** The file line of an offset in the window: each line fed ends with one line break. */
  private long lineAt(long offset) {
    long line = windowLine;
    for (long i = windowBase; i < offset && i < windowBase + windowLength; i++) {
      if (window[(int) (i - windowBase)] == '\n') {
        line++;
      }
    }
    return line;
  }

  /** The length of a root-level scalar starting at an offset (the parser's own offsets are off). */
  private int scalarLength(long start, JsonToken t) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      return parser.getText().length();
    }
    int i = (int) (start - windowBase) + 1;
    while (i < windowLength && window[i] != '"') {
      i += window[i] == '\\' ? 2 : 1;
    }
    return (int) Math.min(i + 1 - (start - windowBase), windowLength - (start - windowBase));
  }

  private String text(long start, long end) {
    int from = (int) (start - windowBase);
    int to = (int) Math.min(end - windowBase, windowLength);
    return new String(window, from, Math.max(0, to - from), StandardCharsets.UTF_8);
  }

  /** The window's text from an offset, at most maxBytes of it, without a UTF-8 sequence the cut splits. */
  private String keptText(long start) {
    int from = (int) Math.min(Math.max(0, start - windowBase), windowLength);
    int to = (int) Math.min(windowLength, (long) from + maxBytes);
    if (to < windowLength) {
      while (to > from && (window[to] & 0xC0) == 0x80) {
        to--; // not inside a sequence
      }
    }
    return new String(window, from, to - from, StandardCharsets.UTF_8);
  }

  /** Whole lines first..last, those that are not UTF-8 with their bytes as \xNN, every backslash doubled. */
  private String escapedLines(long first, long last) {
    String[] text = new String(window, 0, windowLength, StandardCharsets.UTF_8).split("\n", -1);
    StringBuilder raw = new StringBuilder();
    for (long line = first; line <= last; line++) {
      int i = (int) (line - windowLine);
      String escaped = invalidLines.get(line);
      raw.append(escaped != null ? escaped : i < text.length ? text[i].replace("\\", "\\\\") : "");
      if (line < last) {
        raw.append('\n');
      }
    }
    return raw.toString().trim();
  }

  /** A file that ends inside a record. */
  private static final class EndOfFileInRecord extends JsonProcessingException {
    EndOfFileInRecord() {
      super("unexpected end of the file inside a record", (JsonLocation) null);
    }
  }
}

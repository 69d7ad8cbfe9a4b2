package io.salespipelines.transforms.cdc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.salespipelines.schemas.ErrorType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Splits a file of change records into records: JSON lines, or JSON objects back to back with no
 * separator (as Firehose writes raw records), a record possibly spanning lines. Each record keeps
 * its text and the line it starts on. At the first parse error the file ends: its unread rest is
 * one {@link RawChange#brokenOff} record (a corrupt gzip file likewise, from where it broke off).
 */
public final class ChangeFileReader {
  /**
   * Nesting the splitter follows. Jackson's default limits (1000 levels, numbers of 1000 digits)
   * are left to {@link ChangeRecordParser}, so that such a record is one dead letter and its
   * neighbours go on; the splitter only skips over the record, which needs no number converted
   * and no recursion, but one small object per open level, hence a bound.
   */
  static final int MAX_NESTING = 100_000;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_NESTING)
                  .maxNumberLength(Integer.MAX_VALUE)
                  .build())
          .build();

  private ChangeFileReader() {}

  /** Whether a file name is one the job reads (SPEC 3.1): .json, .jsonl, .ndjson, optionally .gz. */
  public static boolean isChangeFile(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".gz")) {
      n = n.substring(0, n.length() - 3);
    }
    return n.endsWith(".json") || n.endsWith(".jsonl") || n.endsWith(".ndjson");
  }

  /** Whether a name is ignored altogether (hidden or in-progress files). */
  public static boolean isIgnored(String name) {
    return name.startsWith(".") || name.startsWith("_") || name.isEmpty();
  }

  public static List<RawChange> read(ResourceId file) throws IOException {
    String source = file.toString();
    byte[] bytes;
    String brokeOff = null;
    try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
      bytes = in.readAllBytes();
    }
    if (file.getFilename() != null && file.getFilename().toLowerCase(Locale.ROOT).endsWith(".gz")) {
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      try (GZIPInputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
        byte[] buffer = new byte[65536];
        for (int n; (n = gz.read(buffer)) > 0; ) {
          plain.write(buffer, 0, n);
        }
      } catch (IOException e) {
        brokeOff = "the gzip data is corrupt after " + plain.size() + " bytes: " + e.getMessage();
      }
      bytes = plain.toByteArray();
    }
    Decoded decoded = Decoded.of(bytes);
    String text = decoded.text;
    if (text.startsWith("\uFEFF")) {
      text = " " + text.substring(1);
    }
    List<RawChange> records = split(source, text, decoded.invalid);
    if (brokeOff != null) {
      boolean alreadyBroken = !records.isEmpty() && records.get(records.size() - 1).getRejectedAs() != null;
      if (!alreadyBroken) {
        records.add(RawChange.brokenOff(source, 0, "", brokeOff));
      }
    }
    return records;
  }

  static List<RawChange> split(String source, String text) throws IOException {
    return split(source, text, new TreeMap<>());
  }

  /**
   * @param invalid char offsets in the text that stand for a byte that is not UTF-8 (as U+FFFD),
   *     with that byte: a record holding one is {@code invalid_encoding}
   */
  static List<RawChange> split(String source, String text, NavigableMap<Integer, Integer> invalid) throws IOException {
    List<RawChange> records = new ArrayList<>();
    long lastEnd = 0;
    try (JsonParser parser = FACTORY.createParser(text)) {
      try {
        for (JsonToken token; (token = parser.nextToken()) != null; ) {
          JsonLocation start = parser.currentTokenLocation();
          if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            parser.skipChildren();
          } else {
            parser.finishToken();
          }
          long end = parser.currentLocation().getCharOffset();
          int from = (int) start.getCharOffset();
          NavigableMap<Integer, Integer> bad = invalid.subMap(from, true, (int) end, false);
          records.add(bad.isEmpty()
              ? RawChange.record(source, start.getLineNr(), text.substring(from, (int) end).trim())
              // Read with replacement characters, two ids differing in such a byte would be one.
              : RawChange.rejected(source, start.getLineNr(), escaped(text, from, (int) end, bad).trim(),
                  ErrorType.INVALID_ENCODING, "bytes that are not UTF-8 (shown as \\xNN in raw)"));
          lastEnd = end;
        }
      } catch (JsonProcessingException e) {
        int from = (int) lastEnd;
        while (from < text.length() && Character.isWhitespace(text.charAt(from))) {
          from++;
        }
        long line = 1 + text.substring(0, from).chars().filter(c -> c == '\n').count();
        // A broken limit (StreamConstraintsException) carries no location: the parser's is used.
        JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        String why = "the file stops parsing at line " + at.getLineNr() + ", column "
            + at.getColumnNr() + " (" + e.getOriginalMessage() + "); its rest is not read";
        records.add(RawChange.brokenOff(source, line, text.substring(from), why));
      }
    }
    return records;
  }

  /** The text with each byte that is not UTF-8 as {@code \xNN} and each backslash doubled, so the two cannot be confused. */
  private static String escaped(String text, int from, int to, NavigableMap<Integer, Integer> bad) {
    StringBuilder out = new StringBuilder(to - from + 8 * bad.size());
    for (int i = from; i < to; i++) {
      Integer b = bad.get(i);
      char c = text.charAt(i);
      if (b != null) {
        out.append(String.format("\\x%02X", b));
      } else if (c == '\\') {
        out.append("\\\\");
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** A file's text decoded from UTF-8, each byte that is not UTF-8 a U+FFFD whose offset is noted. */
  static final class Decoded {
    final String text;
    final NavigableMap<Integer, Integer> invalid;

    private Decoded(String text, NavigableMap<Integer, Integer> invalid) {
      this.text = text;
      this.invalid = invalid;
    }

    static Decoded of(byte[] bytes) {
      CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
      ByteBuffer in = ByteBuffer.wrap(bytes);
      // UTF-8 never decodes to more chars than it has bytes.
      CharBuffer out = CharBuffer.allocate(bytes.length + 1);
      NavigableMap<Integer, Integer> invalid = new TreeMap<>();
      while (true) {
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
          for (int i = 0; i < result.length(); i++) {
            invalid.put(out.position(), bytes[in.position()] & 0xFF);
            out.put('\uFFFD');
            in.position(in.position() + 1);
          }
        } else {
          decoder.flush(out);
          break;
        }
      }
      out.flip();
      return new Decoded(out.toString(), invalid);
    }
  }
}

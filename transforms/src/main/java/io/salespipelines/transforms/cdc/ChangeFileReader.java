package io.salespipelines.transforms.cdc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = " " + text.substring(1);
    }
    List<RawChange> records = split(source, text);
    if (brokeOff != null) {
      boolean alreadyBroken = !records.isEmpty() && records.get(records.size() - 1).getRejectedAs() != null;
      if (!alreadyBroken) {
        records.add(RawChange.brokenOff(source, 0, "", brokeOff));
      }
    }
    return records;
  }

  static List<RawChange> split(String source, String text) throws IOException {
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
          records.add(RawChange.record(source, start.getLineNr(), text.substring((int) start.getCharOffset(), (int) end).trim()));
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
}

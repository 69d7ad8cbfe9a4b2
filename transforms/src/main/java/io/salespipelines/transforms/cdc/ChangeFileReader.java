package io.salespipelines.transforms.cdc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.ErrorType;
import io.salespipelines.transforms.parse.CheckedBytes;
import io.salespipelines.transforms.parse.EndAtGzipBreak;
import io.salespipelines.transforms.parse.RawRecord;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Splits a file of change records into records: JSON lines, or JSON objects back to back with no
 * separator (as Firehose writes raw records), a record possibly spanning lines. Each record keeps
 * its text and the line it starts on. At the first parse error the file ends: its unread rest is
 * one {@link RawChange#brokenOff} record (a corrupt gzip file likewise, from where it broke off).
 *
 * <p>The file is read as a stream, record by record ({@link Cursor}): memory holds one record and
 * the buffers, whatever the file's size, so a large Firehose file or a gzip bomb cannot take the
 * heap. A record longer than {@link #MAX_RECORD_BYTES} is not a change record (DynamoDB items are
 * at most 400 KB); like a parse error, it ends the file.
 */
public final class ChangeFileReader {
  /**
   * Nesting the splitter follows. Jackson's default limits (1000 levels, numbers of 1000 digits)
   * are left to {@link ChangeRecordParser}, so that such a record is one dead letter and its
   * neighbours go on; the splitter only skips over the record, which needs no number converted
   * and no recursion, but one small object per open level, hence a bound.
   */
  static final int MAX_NESTING = 100_000;

  /** Longest record read: a DynamoDB item is at most 400 KB; see {@link CheckedBytes#MAX_JSON_VALUE_BYTES}. */
  public static final int MAX_RECORD_BYTES = CheckedBytes.MAX_JSON_VALUE_BYTES;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_NESTING)
                  // Bounded by the record limit instead: the bytes stop coming past it.
                  .maxNumberLength(Integer.MAX_VALUE)
                  .maxStringLength(Integer.MAX_VALUE)
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

  /** Opens a change file to be read record by record; a {@code .gz} name is decompressed. */
  public static Cursor open(ResourceId file) throws IOException {
    String name = file.getFilename() == null ? "" : file.getFilename();
    InputStream in = Channels.newInputStream(FileSystems.open(file));
    return new Cursor(file.toString(), in, name.toLowerCase(Locale.ROOT).endsWith(".gz"), MAX_RECORD_BYTES);
  }

  /** All records of a file at once (tests and small files; the job reads through {@link #open}). */
  public static List<RawChange> read(ResourceId file) throws IOException {
    try (Cursor cursor = open(file)) {
      return cursor.rest();
    }
  }

  static List<RawChange> read(String source, InputStream in, boolean gzip, int maxRecordBytes) throws IOException {
    try (Cursor cursor = new Cursor(source, in, gzip, maxRecordBytes)) {
      return cursor.rest();
    }
  }

  static List<RawChange> split(String source, String text) throws IOException {
    return read(source, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), false, MAX_RECORD_BYTES);
  }

  /** A change file read record by record. */
  public static final class Cursor implements Closeable {
    private final String source;
    private final InputStream file;
    private final @Nullable EndAtGzipBreak gzip;
    /** Why a .gz did not even start (not gzip at all), else null. */
    private @Nullable IOException gzipHeader;
    private final CheckedBytes bytes;
    private final JsonParser parser;
    private final int maxRecordBytes;
    /** Line of the first byte {@link #bytes} keeps. */
    private long keptLine = 1;
    private boolean done;

    Cursor(String source, InputStream file, boolean gzip, int maxRecordBytes) throws IOException {
      this.source = source;
      this.file = file;
      this.maxRecordBytes = maxRecordBytes;
      InputStream plain = file;
      EndAtGzipBreak unzipped = null;
      if (gzip) {
        try {
          unzipped = new EndAtGzipBreak(new GZIPInputStream(file, 1 << 16));
          plain = unzipped;
        } catch (ZipException | EOFException e) {
          gzipHeader = e;
          plain = InputStream.nullInputStream();
        }
      }
      this.gzip = unzipped;
      this.bytes = new CheckedBytes(plain, maxRecordBytes);
      this.parser = FACTORY.createParser(bytes);
    }

    /**
     * The next record, or null at the end of the file. An {@link IOException} is the storage's
     * (the file could not be read on): the records before it were read, the file was not.
     */
    public @Nullable RawChange next() throws IOException {
      if (done) {
        return null;
      }
      try {
        JsonToken token = parser.nextToken();
        if (token == null) {
          done = true;
          IOException broke = gzipBreak();
          return broke == null ? null : RawChange.brokenOff(source, keptLine + bytes.droppedBlankLines(), "",
              "the gzip data is corrupt after " + bytes.handedOut() + " bytes: " + broke.getMessage());
        }
        JsonLocation start = parser.currentTokenLocation();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          parser.skipChildren();
        } else {
          parser.finishToken();
        }
        JsonLocation end = parser.currentLocation();
        CheckedBytes.Taken record = bytes.take(start.getByteOffset(), end.getByteOffset());
        keptLine = end.getLineNr();
        return record.valid
            ? RawChange.record(source, start.getLineNr(), new String(record.bytes, StandardCharsets.UTF_8))
            // Read with replacement characters, two ids differing in such a byte would be one.
            : invalidEncoding(start.getLineNr(), RawRecord.of(record.bytes));
      } catch (CheckedBytes.RecordTooLong e) {
        done = true;
        String limit = maxRecordBytes % (1 << 20) == 0 ? (maxRecordBytes >> 20) + " MiB" : maxRecordBytes + " bytes";
        return brokenOff("a record longer than " + limit + " (" + e.getMessage()
            + "), which is not a change record; the file stops there and its rest is not read");
      } catch (JsonProcessingException e) {
        done = true;
        IOException broke = gzipBreak();
        if (broke != null) {
          return brokenOff("the gzip data is corrupt after " + bytes.handedOut() + " bytes: "
              + broke.getMessage() + "; its rest is not read");
        }
        // A broken limit (StreamConstraintsException) carries no location: the parser's is used.
        JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        return brokenOff("the file stops parsing at line " + at.getLineNr() + ", column " + at.getColumnNr()
            + " (" + e.getOriginalMessage() + "); its rest is not read");
      }
    }

    private RawChange invalidEncoding(long line, RawRecord record) {
      return RawChange.rejected(source, line, record.escapedText(), ErrorType.INVALID_ENCODING,
          record.notUtf8Message("record"));
    }

    /** The remaining records (small files and tests). */
    List<RawChange> rest() throws IOException {
      List<RawChange> records = new ArrayList<>();
      for (RawChange r; (r = next()) != null; ) {
        records.add(r);
      }
      return records;
    }

    private @Nullable IOException gzipBreak() {
      return gzipHeader != null ? gzipHeader : gzip == null ? null : gzip.cause();
    }

    /** The unread rest from the first byte after the last record, as much as a dead letter keeps. */
    private RawChange brokenOff(String why) throws IOException {
      byte[] rest = bytes.restFromKept(DeadLetter.MAX_RAW_CHARS);
      int from = 0;
      long line = keptLine + bytes.droppedBlankLines();
      if (bytes.keptFrom() == 0 && rest.length >= 3
          && (rest[0] & 0xFF) == 0xEF && (rest[1] & 0xFF) == 0xBB && (rest[2] & 0xFF) == 0xBF) {
        from = 3; // the byte-order mark is not part of the data
      }
      while (from < rest.length && CheckedBytes.isWhitespace(rest[from])) {
        if (rest[from] == '\n') {
          line++;
        }
        from++;
      }
      RawRecord kept = RawRecord.of(Arrays.copyOfRange(rest, from, rest.length));
      String text = bytes.restWasCut() ? kept.cutText() : kept.textOrEscaped();
      return RawChange.brokenOff(source, line, text, why);
    }

    @Override
    public void close() throws IOException {
      try {
        parser.close();
      } finally {
        file.close();
      }
    }
  }

}

package io.salespipelines.transforms.cdc;

import io.salespipelines.schemas.ValueLimits;
import io.salespipelines.transforms.orders.EndAtGzipBreak;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Splits a file of change records into records: JSON lines, or JSON objects back to back with no
 * separator (as Firehose writes raw records), a record possibly spanning lines. Each record keeps
 * its text and the line it starts on. At the first parse error the file ends: its unread rest is
 * one {@link RawChange#brokenOff} record (a corrupt gzip file likewise, from where it broke off).
 * A record longer than {@link ValueLimits#MAX_RECORD_BYTES} is one malformed record and one not
 * UTF-8 one invalid_encoding record, and reading goes on after either ({@link ChangeSplitter}).
 */
public final class ChangeFileReader {
  /**
   * Nesting the splitter follows. Jackson's default limits (1000 levels, numbers of 1000 digits)
   * are left to {@link ChangeRecordParser}, so that such a record is one dead letter and its
   * neighbours go on; the splitter only skips over the record, which needs no number converted
   * and no recursion, but one small object per open level, hence a bound.
   */
  static final int MAX_NESTING = 100_000;

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

  /**
   * The file's records in order. Memory is bounded per record (see {@link ChangeSplitter}), not
   * by the file: a .gz is decompressed as it is read, never into one array.
   */
  public static List<RawChange> read(ResourceId file) throws IOException {
    String source = file.toString();
    List<RawChange> records = new ArrayList<>();
    boolean gzip = file.getFilename() != null && file.getFilename().toLowerCase(Locale.ROOT).endsWith(".gz");
    try (InputStream raw = Channels.newInputStream(FileSystems.open(file))) {
      EndAtGzipBreak gz = null;
      InputStream in = raw;
      if (gzip) {
        try {
          gz = new EndAtGzipBreak(new GZIPInputStream(raw, 1 << 16));
        } catch (ZipException | EOFException e) {
          records.add(RawChange.brokenOff(source, 0, "", "the gzip data is corrupt: " + why(e)));
          return records;
        }
        in = gz;
      }
      boolean whole = new ChangeSplitter(source, in, ValueLimits.MAX_RECORD_BYTES, records::add).readAll();
      if (gz != null && gz.cause() != null && whole) {
        records.add(RawChange.brokenOff(source, 0, "", "the gzip data is corrupt: " + why(gz.cause())));
      }
    }
    return records;
  }

  /** An EOFException from the decompressor has no message (an empty or cut .gz). */
  private static String why(IOException e) {
    return e.getMessage() != null ? e.getMessage() : "it ends before its data does (" + e.getClass().getSimpleName() + ")";
  }

  /** The records of a file's text (tests). */
  static List<RawChange> split(String source, String text) throws IOException {
    List<RawChange> records = new ArrayList<>();
    new ChangeSplitter(source, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        ValueLimits.MAX_RECORD_BYTES, records::add).readAll();
    return records;
  }
}

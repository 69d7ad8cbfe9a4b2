package io.salespipelines.transforms.parse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.ErrorType;
import io.salespipelines.schemas.SalesLine;
import io.salespipelines.schemas.ValueLimits;
import io.salespipelines.schemas.coders.SalesLineCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads landing files (given by path) into contract-shaped {@link SalesLine}s. File-level problems
 * ({@code wrong_file_type}, {@code unreadable}, a UTF-16 file, a CSV header missing a mandatory
 * column) and record-level ones ({@code invalid_encoding}, {@code malformed}, {@code bad_schema} of
 * a JSON line) become dead letters; nothing is dropped silently.
 *
 * <p>An uncompressed file bigger than {@code rangeBytes} (64 MiB) is read in ranges, in parallel:
 * {@link PlanFileRanges} scans it once for positions between records (a quoted CSV field may span
 * lines, so only a scan with the record splitter's own state machine knows where records start)
 * and every range starts exactly at one, with its line number and the file's header. Every file is
 * read by a splittable {@link ReadFileRanges} a block of records at a time, so a runner can hand
 * the rows on while the file is still being read: on the Direct runner, which keeps a bundle's
 * outputs in memory, one file's rows no longer pile up. A gzip file cannot be split; it is one
 * range over its decompressed bytes, read the same way (a checkpointed read goes on with the open
 * decompressor, {@link ParkedCursors}).
 *
 * <p>Records are cut from the bytes first ({@link RecordSplitter}), at most {@link
 * ValueLimits#MAX_RECORD_BYTES} each, then decoded as UTF-8 and parsed one by one, so memory stays
 * bounded whatever the file holds.
 *
 * <p>A file that fails part-way (its storage fails, or it changes while it is read) gets an {@code
 * unreadable} entry; the records read before the fault have been emitted and stand. The run does
 * not record such a file as processed, so the next run reads it again, and its rows accepted this
 * time come back as {@code duplicate}s then: no row is lost or counted twice. A change of the file's
 * size is noticed by the range that reads to its end, so a split file gets one such entry.
 */
public class ParseSalesFile
    extends PTransform<PCollection<String>, WithFailures.Result<PCollection<SalesLine>, DeadLetter>> {
  static final TupleTag<SalesLine> LINES = new TupleTag<SalesLine>() {};
  static final TupleTag<DeadLetter> FAILURES = new TupleTag<DeadLetter>() {};
  static final String METRICS = "sales-marts";
  /** Ranges of a big file: big enough that a range takes seconds to parse, and 32 for 2 GB. */
  public static final long DEFAULT_RANGE_BYTES = 64L << 20;
  /**
   * Records per block: the most rows held before they are emitted (some 25 MB of them). On the
   * Direct runner a block is a bundle, and its grouping steps copy what a key gathered so far for
   * every bundle that adds to it: fewer, larger bundles cut that cost (10,000 made it quadratic).
   */
  public static final int DEFAULT_BLOCK_RECORDS = 50_000;

  private final long rangeBytes;
  private final int blockRecords;
  private final boolean parkCursors;
  private final boolean waitForHeap;

  public ParseSalesFile() {
    this(DEFAULT_RANGE_BYTES, DEFAULT_BLOCK_RECORDS, true, false);
  }

  private ParseSalesFile(long rangeBytes, int blockRecords, boolean parkCursors, boolean waitForHeap) {
    this.rangeBytes = rangeBytes;
    this.blockRecords = blockRecords;
    this.parkCursors = parkCursors;
    this.waitForHeap = waitForHeap;
  }

  /**
   * Reads wait while the heap is filling up (see {@link ReadFileRanges#waitingForHeap}): for the
   * Direct runner, which has no backpressure.
   */
  public ParseSalesFile waitingForHeap() {
    return new ParseSalesFile(rangeBytes, blockRecords, parkCursors, true);
  }

  /** Reads uncompressed files bigger than this in ranges of about this many bytes. */
  public ParseSalesFile withRangeBytes(long rangeBytes) {
    return new ParseSalesFile(rangeBytes, blockRecords, parkCursors, waitForHeap);
  }

  /** Reads this many records between claims (and so at most this many rows per bundle on Direct). */
  public ParseSalesFile withBlockRecords(int blockRecords) {
    return new ParseSalesFile(rangeBytes, blockRecords, parkCursors, waitForHeap);
  }

  /** Opens the file again on every resumed call instead of going on with the open cursor (tests). */
  ParseSalesFile withoutParkedCursors() {
    return new ParseSalesFile(rangeBytes, blockRecords, false, waitForHeap);
  }

  @Override
  public WithFailures.Result<PCollection<SalesLine>, DeadLetter> expand(PCollection<String> paths) {
    BoundedSplittableOutput.requestFor(paths.getPipeline());
    PCollection<FileRange> ranges =
        paths
            .apply("PlanRanges", new PlanFileRanges(METRICS, new SalesFileHead(), rangeBytes))
            // A file's ranges come out of one worker; Spark would read them all in that worker's
            // partition, one after the other, without this.
            .apply("SpreadRanges", Reshuffle.<FileRange>viaRandomKey());
    PCollectionTuple parsed =
        ranges.apply(
            "ReadRecords",
            ParDo.of(new ReadSalesRanges(blockRecords, parkCursors).waitingForHeap(waitForHeap))
                .withOutputTags(LINES, TupleTagList.of(FAILURES)));
    parsed.get(LINES).setCoder(SalesLineCoder.of());
    return WithFailures.Result.of(parsed, LINES, FAILURES);
  }

  /** The head of a sales file: a CSV header that the reader accepts, or a JSON file's first line. */
  static final class SalesFileHead implements FileHead {
    @Override
    public @Nullable Boolean csvRecords(String fileName) {
      FileFormat format = FileFormat.of(fileName);
      if (format == null || FileFormat.isGzip(fileName)) {
        return null;
      }
      return format == FileFormat.CSV;
    }

    @Override
    public @Nullable String read(RecordSplitter splitter, String path) throws IOException {
      if (splitter.foreignEncoding() != null) {
        return null;
      }
      Emitter discard = new Emitter(path, new RangeCursor.Outputs());
      if (FileFormat.of(fileName(path)) == FileFormat.CSV) {
        RawRecord header = splitter.next();
        return header != null && new CsvRecords(discard, null).accept(header) ? header.text() : null;
      }
      JsonLineRecords lines = new JsonLineRecords(discard, true);
      for (RawRecord record; (record = splitter.next()) != null; ) {
        if (!lines.accept(record)) {
          return null;
        }
        if (!lines.first) {
          return "";
        }
      }
      return null;
    }
  }

  static final class ReadSalesRanges extends ReadFileRanges<SalesLine> {
    ReadSalesRanges(int blockRecords, boolean parkCursors) {
      super(METRICS, LINES, blockRecords, parkCursors);
    }

    @Override
    protected RangeCursor open(FileRange file, RecordRange range) {
      return new SalesCursor(file, range);
    }
  }

  /** Reads one range of a sales file: its records, each a row or a dead letter. */
  static final class SalesCursor implements RangeCursor {
    private final FileRange file;
    private final RangeCursor.Outputs outputs = new RangeCursor.Outputs();
    private final Emitter emit;
    private final boolean csv;
    private @Nullable LandingFile landing;
    private @Nullable RecordSplitter splitter;
    private @Nullable RecordSink sink;
    /** Nothing more to read: the file ended, was rejected whole, or broke off. */
    private boolean done;
    private boolean checkedForChange;
    private long position;
    private long line;
    /** The file's bytes from a later position on, as {@link #openAt} opened them. */
    private @Nullable InputStream content;

    SalesCursor(FileRange file, RecordRange range) {
      this.file = file;
      this.emit = new Emitter(file.path, outputs);
      this.position = range.from;
      this.line = range.line;
      String name = fileName(file.path);
      FileFormat format = FileFormat.of(name);
      this.csv = format == FileFormat.CSV;
      if (format == null) {
        emit.wholeFile(
            ErrorType.WRONG_FILE_TYPE,
            "file ending is not .csv, .json, .jsonl or .ndjson (optionally .gz): " + name, "");
        done = true;
        return;
      }
      try {
        landing = range.from == 0 ? LandingFile.open(file.path) : openAt(range.from, FileFormat.isGzip(name));
      } catch (IOException | RuntimeException e) {
        emit.wholeFile(ErrorType.UNREADABLE, "cannot open the file: " + describe(e), "");
        done = true;
        return;
      }
      landing.sizeWhenFirstOpened(file.fileSize);
      try {
        if (range.from == 0) {
          splitter =
              new RecordSplitter(landing.content(FileFormat.isGzip(name)), csv, ValueLimits.MAX_RECORD_BYTES);
          String foreign = splitter.foreignEncoding();
          if (foreign != null) {
            emit.wholeFile(ErrorType.INVALID_ENCODING, "the file is " + foreign + "; landing files must be UTF-8", "");
            done = true;
            return;
          }
          sink = csv ? new CsvRecords(emit, null) : new JsonLineRecords(emit, true);
        } else {
          splitter = new RecordSplitter(content, csv, ValueLimits.MAX_RECORD_BYTES, range.from, range.line);
          sink = file.head != null ? plannedSink(file.head) : sinkAfterHead(range.from);
          if (sink == null) {
            done = true; // the file's head was rejected; its first part said so
          }
        }
      } catch (IOException | UncheckedIOException e) {
        brokeOff(e);
      }
    }

    private LandingFile openAt(long from, boolean gzip) throws IOException {
      if (!gzip) {
        LandingFile opened = LandingFile.openAt(file.path, from);
        content = opened.content(false);
        return opened;
      }
      // The decompressed bytes before the range are read again: gzip has no index to seek by.
      LandingFile opened = LandingFile.open(file.path);
      try {
        content = opened.content(true);
        content.skipNBytes(from);
      } catch (IOException e) {
        opened.close();
        throw e;
      }
      return opened;
    }

    /** The sink of a later range of a split file, from what the planner read at its head. */
    private RecordSink plannedSink(String head) {
      if (!csv) {
        return new JsonLineRecords(emit, false);
      }
      CsvRecords records = new CsvRecords(emit, null);
      byte[] bytes = head.getBytes(StandardCharsets.UTF_8);
      records.accept(new RawRecord(1, 1, bytes, bytes.length, true, false));
      return records;
    }

    /**
     * The sink of a file's rest after a checkpoint, when no cursor was parked: what it knew then
     * comes from reading the file's head again.
     */
    private @Nullable RecordSink sinkAfterHead(long from) throws IOException {
      RangeCursor.Outputs discarded = new RangeCursor.Outputs();
      Emitter discard = new Emitter(file.path, discarded);
      try (LandingFile head = LandingFile.open(file.path)) {
        RecordSplitter records =
            new RecordSplitter(head.content(FileFormat.isGzip(file.path)), csv, ValueLimits.MAX_RECORD_BYTES);
        if (csv) {
          RawRecord header = records.next();
          CsvRecords sink = new CsvRecords(discard, null);
          if (header == null || !sink.accept(header)) {
            return null;
          }
          return new CsvRecords(emit, sink.header, sink.width);
        }
        JsonLineRecords sink = new JsonLineRecords(discard, true);
        RawRecord record;
        while (sink.first && records.position() < from && (record = records.next()) != null) {
          if (!sink.accept(record)) {
            return null;
          }
        }
        return new JsonLineRecords(emit, sink.first);
      }
    }

    @Override
    public RangeCursor.Block read(long to, int maxRecords) {
      long start = position;
      try {
        for (int n = 0; !done && n < maxRecords && position < to; n++) {
          readRecord();
        }
      } catch (IOException | UncheckedIOException e) {
        brokeOff(e);
      }
      return outputs.take(new RecordBlock(start, done ? RecordRange.END : position, line));
    }

    private void readRecord() throws IOException {
      RawRecord record = splitter.next();
      if (record == null) {
        done = true;
        String change = checkedForChange || !file.isLast() ? null : landing.changeSinceOpened();
        if (change != null) {
          emit.wholeFile(ErrorType.UNREADABLE, change, "");
        }
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
          emit.wholeFile(
              ErrorType.UNREADABLE,
              change + "; its last line, which has no line break, was not used",
              record.cutText());
          done = true;
          return;
        }
      }
      try {
        if (!sink.accept(record)) {
          done = true; // the file is rejected whole
          return;
        }
      } catch (RuntimeException e) {
        // A parser fault on one record costs that record, not the file or the run.
        emit.failure(record.line, ErrorType.MALFORMED, null, "could not be parsed: " + describe(e), record.cutText());
      }
      position = splitter.position();
      line = splitter.line();
    }

    private void brokeOff(Exception e) {
      RawRecord partial = splitter == null ? null : splitter.partial();
      long at = splitter == null ? line : splitter.currentLine();
      String where = "the file breaks off in line " + at + " (" + describe(e) + "); the rows before it were read";
      String raw = partial == null ? "" : partial.cutText();
      if (landing != null && landing.sourceFault() != null) {
        emit.wholeFile(ErrorType.UNREADABLE, where, raw);
      } else {
        // The storage delivered every byte; the decompressor found them broken.
        emit.wholeFile(ErrorType.MALFORMED, where, raw);
      }
      done = true;
    }

    @Override
    public void close() {
      if (landing != null) {
        try {
          landing.close();
        } catch (IOException e) {
          // nothing was written; the records read stand
        }
      }
    }
  }

  /** Takes the records of one file in order. */
  private interface RecordSink {
    /** False when the file is rejected whole and reading stops. */
    boolean accept(RawRecord record);
  }

  /** The header decides what each column is; each further record is a row. */
  private static final class CsvRecords implements RecordSink {
    private final Emitter emit;
    @Nullable SalesHeader header;
    int width;

    /** Records of a file whose header is {@code header} (with {@code width} columns), or null if not read yet. */
    CsvRecords(Emitter emit, @Nullable SalesHeader header, int width) {
      this.emit = emit;
      this.header = header;
      this.width = width;
    }

    CsvRecords(Emitter emit, @Nullable SalesHeader header) {
      this(emit, header, 0);
    }

    @Override
    public boolean accept(RawRecord record) {
      if (header == null) {
        return acceptHeader(record);
      }
      if (record.oversized()) {
        emit.failure(record.line, ErrorType.MALFORMED, null, tooLong(record), record.cutText());
        return true;
      }
      String text = record.text();
      if (text == null) {
        emit.failure(record.line, ErrorType.INVALID_ENCODING, null, notUtf8(record), record.escapedText());
        return true;
      }
      CsvTextRecord fields = CsvFields.parse(record.line, text);
      if (fields.quotingProblem != null) {
        emit.failure(record.line, ErrorType.MALFORMED, null, fields.quotingProblem, text);
      } else if (fields.fields.size() != width) {
        emit.failure(
            record.line, ErrorType.MALFORMED, null,
            "expected " + width + " fields as in the header, found " + fields.fields.size(), text);
      } else {
        emit.line(toSalesLine(emit.path, fields, header));
      }
      return true;
    }

    private boolean acceptHeader(RawRecord record) {
      if (record.oversized()) {
        emit.wholeFile(
            ErrorType.BAD_SCHEMA,
            "the header (the first record) is longer than " + ValueLimits.MAX_RECORD_BYTES + " bytes ("
                + record.length + " bytes): no row of this file was used",
            record.cutText());
        return false;
      }
      String text = record.text();
      if (text == null) {
        emit.wholeFile(
            ErrorType.INVALID_ENCODING, "the header is not UTF-8: " + notUtf8(record), record.escapedText());
        return false;
      }
      if (text.indexOf('\0') >= 0) {
        emit.wholeFile(ErrorType.INVALID_ENCODING, LOOKS_LIKE_UTF16, RawRecord.escape(record.bytes));
        return false;
      }
      CsvTextRecord names = CsvFields.parse(record.line, text);
      if (names.quotingProblem != null) {
        emit.wholeFile(ErrorType.BAD_SCHEMA, "unreadable header: " + names.quotingProblem, text);
        return false;
      }
      SalesHeader parsed = SalesHeader.of(names.fields);
      List<String> missing = parsed.missingColumns();
      if (!missing.isEmpty()) {
        emit.wholeFile(
            ErrorType.BAD_SCHEMA, missing.get(0),
            "header lacks mandatory column(s): " + String.join(", ", missing)
                + "; no row of this file was used",
            text);
        return false;
      }
      header = parsed;
      width = names.fields.size();
      return true;
    }
  }

  /** Each non-blank line is one JSON object. */
  private static final class JsonLineRecords implements RecordSink {
    private final Emitter emit;
    /** No non-blank line read yet: the first one is checked for UTF-16. */
    boolean first;

    JsonLineRecords(Emitter emit, boolean first) {
      this.emit = emit;
      this.first = first;
    }

    @Override
    public boolean accept(RawRecord record) {
      if (record.oversized()) {
        emit.failure(record.line, ErrorType.MALFORMED, null, tooLong(record), record.cutText());
        return true;
      }
      String text = record.text();
      if (text == null) {
        emit.failure(record.line, ErrorType.INVALID_ENCODING, null, notUtf8(record), record.escapedText());
        return true;
      }
      if (text.isBlank()) {
        return true;
      }
      if (first) {
        first = false;
        if (text.indexOf('\0') >= 0) {
          emit.wholeFile(ErrorType.INVALID_ENCODING, LOOKS_LIKE_UTF16, RawRecord.escape(record.bytes));
          return false;
        }
      }
      Object parsed = JsonLineParser.parse(emit.path, record.line, text);
      if (parsed instanceof SalesLine) {
        emit.line((SalesLine) parsed);
      } else {
        emit.failure((DeadLetter) parsed);
      }
      return true;
    }
  }

  private static final String LOOKS_LIKE_UTF16 =
      "the first line has NUL bytes: the file looks like UTF-16 or UTF-32 without a byte order mark;"
          + " landing files must be UTF-8";

  private static String tooLong(RawRecord record) {
    return "record longer than " + ValueLimits.MAX_RECORD_BYTES + " bytes (" + record.length + " bytes"
        + (record.endLine > record.line ? ", lines " + record.line + " to " + record.endLine : "") + ")"
        + (record.openQuote ? "; a quote opened in it is never closed" : "") + "; not read";
  }

  private static String notUtf8(RawRecord record) {
    return record.notUtf8Message("record");
  }

  private static SalesLine toSalesLine(String path, CsvTextRecord record, SalesHeader header) {
    Map<SalesColumn, String> values = new EnumMap<>(SalesColumn.class);
    for (Map.Entry<SalesColumn, Integer> column : header.positions.entrySet()) {
      values.put(column.getKey(), record.fields.get(column.getValue()));
    }
    String additional = "{}";
    if (!header.extraPositions.isEmpty()) {
      // Sorted by name, so the same row always yields the same text.
      Map<String, String> sorted = new TreeMap<>();
      for (int i = 0; i < header.extraPositions.size(); i++) {
        sorted.putIfAbsent(header.extraNames.get(i), record.fields.get(header.extraPositions.get(i)));
      }
      ObjectNode extras = JsonLineParser.MAPPER.createObjectNode();
      sorted.forEach(extras::put);
      additional = extras.toString();
    }
    return SalesLines.from(path, record.line, record.raw, values, additional);
  }

  private static String describe(Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && (cause.getMessage() == null || cause instanceof UncheckedIOException)) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** Adds a block's rows and dead letters to its outputs. */
  private static final class Emitter {
    final String path;
    private final RangeCursor.Outputs out;

    Emitter(String path, RangeCursor.Outputs out) {
      this.path = path;
      this.out = out;
    }

    void line(SalesLine line) {
      out.add(LINES, line);
    }

    void failure(DeadLetter deadLetter) {
      out.add(FAILURES, deadLetter);
    }

    void failure(long line, ErrorType type, @Nullable String field, String message, String raw) {
      failure(DeadLetter.of(path, line, type, field, message, raw));
    }

    /** One entry (line 0) about the whole file. */
    void wholeFile(ErrorType type, String message, String raw) {
      wholeFile(type, null, message, raw);
    }

    void wholeFile(ErrorType type, @Nullable String field, String message, String raw) {
      failure(DeadLetter.of(path, 0, type, field, message, raw));
    }
  }

  /** The last segment of a local path or an s3:// URI. */
  public static String fileName(String path) {
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return slash < 0 ? path : path.substring(slash + 1);
  }
}

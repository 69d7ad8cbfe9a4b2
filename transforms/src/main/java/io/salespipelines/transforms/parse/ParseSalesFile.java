package io.salespipelines.transforms.parse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.ErrorType;
import io.salespipelines.schemas.SalesLine;
import io.salespipelines.schemas.ValueLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
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
 * <p>A file is read whole by one worker: a quoted CSV field may span lines, so a CSV file cannot be
 * split safely, and a landing zone holds many files to spread the work. Records are cut from the
 * bytes first ({@link RecordSplitter}), at most {@link ValueLimits#MAX_RECORD_BYTES} each, then
 * decoded as UTF-8 and parsed one by one, so memory stays bounded whatever the file holds.
 *
 * <p>A file that fails part-way (its storage fails, or it changes while it is read) gets one
 * {@code unreadable} entry; the records read before the fault have been emitted and stand. The
 * run does not record such a file as processed, so the next run reads it again, and its rows
 * accepted this time come back as {@code duplicate}s then: no row is lost or counted twice.
 */
public class ParseSalesFile
    extends PTransform<PCollection<String>, WithFailures.Result<PCollection<SalesLine>, DeadLetter>> {
  static final TupleTag<SalesLine> LINES = new TupleTag<SalesLine>() {};
  static final TupleTag<DeadLetter> FAILURES = new TupleTag<DeadLetter>() {};

  @Override
  public WithFailures.Result<PCollection<SalesLine>, DeadLetter> expand(PCollection<String> paths) {
    PCollectionTuple parsed =
        paths.apply(
            "ReadRecords",
            ParDo.of(new ParseFileFn()).withOutputTags(LINES, TupleTagList.of(FAILURES)));
    return WithFailures.Result.of(parsed, LINES, FAILURES);
  }

  static class ParseFileFn extends DoFn<String, SalesLine> {
    private final Counter files = Metrics.counter("sales-marts", "files_read");
    private final Counter records = Metrics.counter("sales-marts", "records_parsed");

    @ProcessElement
    public void process(@Element String path, MultiOutputReceiver out) {
      files.inc();
      String name = fileName(path);
      FileFormat format = FileFormat.of(name);
      Emitter emit = new Emitter(path, out);
      if (format == null) {
        emit.wholeFile(
            ErrorType.WRONG_FILE_TYPE,
            "file ending is not .csv, .json, .jsonl or .ndjson (optionally .gz): " + name, "");
        return;
      }
      LandingFile file;
      try {
        file = LandingFile.open(path);
      } catch (IOException | RuntimeException e) {
        emit.wholeFile(ErrorType.UNREADABLE, "cannot open the file: " + describe(e), "");
        return;
      }
      RecordSplitter splitter = null;
      try (LandingFile opened = file) {
        splitter =
            new RecordSplitter(
                opened.content(FileFormat.isGzip(name)), format == FileFormat.CSV, ValueLimits.MAX_RECORD_BYTES);
        RecordSink sink = format == FileFormat.CSV ? new CsvRecords(emit) : new JsonLineRecords(emit);
        read(opened, splitter, sink, emit);
      } catch (IOException | UncheckedIOException e) {
        RawRecord partial = splitter == null ? null : splitter.partial();
        long line = splitter == null ? 1 : splitter.currentLine();
        String where = "the file breaks off in line " + line + " (" + describe(e) + "); the rows before it were read";
        String raw = partial == null ? "" : partial.cutText();
        if (file.sourceFault() != null) {
          emit.wholeFile(ErrorType.UNREADABLE, where, raw);
        } else {
          // The storage delivered every byte; the decompressor found them broken.
          emit.wholeFile(ErrorType.MALFORMED, where, raw);
        }
      }
    }

    private static void read(LandingFile file, RecordSplitter splitter, RecordSink sink, Emitter emit)
        throws IOException {
      String foreign = splitter.foreignEncoding();
      if (foreign != null) {
        emit.wholeFile(ErrorType.INVALID_ENCODING, "the file is " + foreign + "; landing files must be UTF-8", "");
        return;
      }
      RawRecord record;
      boolean checkedForChange = false;
      while ((record = splitter.next()) != null) {
        if (!record.terminated) {
          // The last line has no line break: complete, or cut by a writer that is still at work.
          String change = file.changeSinceOpened();
          checkedForChange = true;
          if (change != null) {
            emit.wholeFile(
                ErrorType.UNREADABLE,
                change + "; its last line, which has no line break, was not used",
                record.cutText());
            return;
          }
        }
        try {
          if (!sink.accept(record)) {
            return; // the file is rejected whole
          }
        } catch (RuntimeException e) {
          // A parser fault on one record costs that record, not the file or the run.
          emit.failure(record.line, ErrorType.MALFORMED, null, "could not be parsed: " + describe(e), record.cutText());
        }
      }
      String change = checkedForChange ? null : file.changeSinceOpened();
      if (change != null) {
        emit.wholeFile(ErrorType.UNREADABLE, change, "");
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
      private @Nullable SalesHeader header;
      private int width;

      CsvRecords(Emitter emit) {
        this.emit = emit;
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
      private boolean first = true;

      JsonLineRecords(Emitter emit) {
        this.emit = emit;
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
      int at = record.firstInvalidByte();
      return "bytes that are not UTF-8 (at byte " + (at + 1) + " of the record; shown as \\xNN in raw)";
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

    /** Counts as it emits, so the metrics summary sees every record. */
    private final class Emitter {
      final String path;
      private final MultiOutputReceiver out;

      Emitter(String path, MultiOutputReceiver out) {
        this.path = path;
        this.out = out;
      }

      void line(SalesLine line) {
        records.inc();
        out.get(LINES).output(line);
      }

      void failure(DeadLetter deadLetter) {
        out.get(FAILURES).output(deadLetter);
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
  }

  /** The last segment of a local path or an s3:// URI. */
  public static String fileName(String path) {
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return slash < 0 ? path : path.substring(slash + 1);
  }
}

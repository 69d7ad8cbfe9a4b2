package io.salespipelines.transforms.parse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.ErrorType;
import io.salespipelines.schemas.SalesLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileSystems;
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

/**
 * Reads landing files (given by path) into contract-shaped {@link SalesLine}s. File-level problems
 * ({@code wrong_file_type}, a CSV header missing a mandatory column) and record-level ones ({@code
 * malformed}, {@code bad_schema} of a JSON line) become dead letters; nothing is dropped silently.
 *
 * <p>A file is read whole by one worker: a quoted CSV field may span lines, so a CSV file cannot be
 * split safely, and a landing zone holds many files to spread the work.
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
      if (format == null) {
        out.get(FAILURES)
            .output(
                DeadLetter.of(
                    path,
                    0,
                    ErrorType.WRONG_FILE_TYPE,
                    null,
                    "file ending is not .csv, .json, .jsonl or .ndjson (optionally .gz): " + name,
                    ""));
        return;
      }
      Emitter emit = new Emitter(out);
      try (Reader reader = open(path, FileFormat.isGzip(name))) {
        if (format == FileFormat.CSV) {
          readCsv(path, reader, emit);
        } else {
          readJsonLines(path, reader, emit);
        }
      } catch (IOException | RuntimeException e) {
        // A file that cannot be read to its end (corrupt gzip, lost connection) is reported as a
        // whole; the records read before the fault stand.
        out.get(FAILURES)
            .output(
                DeadLetter.of(
                    path,
                    0,
                    ErrorType.MALFORMED,
                    null,
                    "could not read the file after line " + emit.lastLine + ": " + describe(e),
                    ""));
      }
    }

    private void readCsv(String path, Reader reader, Emitter emit) throws IOException {
      try (CsvRecordReader csv = new CsvRecordReader(reader)) {
        if (!csv.hasNext()) {
          return;
        }
        CsvTextRecord headerRecord = csv.next();
        if (headerRecord.quotingProblem != null) {
          emit.failure(
              DeadLetter.of(
                  path, 0, ErrorType.BAD_SCHEMA, null,
                  "unreadable header: " + headerRecord.quotingProblem, headerRecord.raw));
          return;
        }
        SalesHeader header = SalesHeader.of(headerRecord.fields);
        List<String> missing = header.missingColumns();
        if (!missing.isEmpty()) {
          emit.failure(
              DeadLetter.of(
                  path, 0, ErrorType.BAD_SCHEMA, missing.get(0),
                  "header lacks mandatory column(s): " + String.join(", ", missing)
                      + "; no row of this file was used",
                  headerRecord.raw));
          return;
        }
        int width = headerRecord.fields.size();
        while (csv.hasNext()) {
          CsvTextRecord record = csv.next();
          long line = record.line;
          emit.lastLine = line;
          if (record.quotingProblem != null) {
            emit.failure(
                DeadLetter.of(path, line, ErrorType.MALFORMED, null, record.quotingProblem, record.raw));
          } else if (record.fields.size() != width) {
            emit.failure(
                DeadLetter.of(
                    path, line, ErrorType.MALFORMED, null,
                    "expected " + width + " fields as in the header, found " + record.fields.size(),
                    record.raw));
          } else {
            emit.line(toSalesLine(path, record, header));
          }
        }
      }
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

    private void readJsonLines(String path, Reader reader, Emitter emit) throws IOException {
      BufferedReader lines = new BufferedReader(reader, 1 << 16);
      long line = 0;
      String text;
      while ((text = lines.readLine()) != null) {
        line++;
        emit.lastLine = line;
        if (line == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
          text = text.substring(1);
        }
        if (text.isBlank()) {
          continue;
        }
        Object parsed = JsonLineParser.parse(path, line, text);
        if (parsed instanceof SalesLine) {
          emit.line((SalesLine) parsed);
        } else {
          emit.failure((DeadLetter) parsed);
        }
      }
    }

    private static Reader open(String path, boolean gzip) throws IOException {
      ReadableByteChannel channel = FileSystems.open(FileSystems.matchNewResource(path, false));
      if (gzip) {
        channel = Compression.GZIP.readDecompressed(channel);
      }
      return new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8);
    }

    private static String describe(Exception e) {
      Throwable cause = e;
      while (cause.getCause() != null && cause.getMessage() == null) {
        cause = cause.getCause();
      }
      String message = cause.getMessage();
      return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Counts as it emits, so the metrics summary sees every record. */
    private final class Emitter {
      private final MultiOutputReceiver out;
      /** The last physical line reached, for the message when a file breaks off. */
      long lastLine;

      Emitter(MultiOutputReceiver out) {
        this.out = out;
      }

      void line(SalesLine line) {
        records.inc();
        out.get(LINES).output(line);
      }

      void failure(DeadLetter deadLetter) {
        out.get(FAILURES).output(deadLetter);
      }
    }
  }

  /** The last segment of a local path or an s3:// URI. */
  public static String fileName(String path) {
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return slash < 0 ? path : path.substring(slash + 1);
  }
}

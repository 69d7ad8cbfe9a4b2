package io.salespipelines.transforms.orders;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.ErrorType;
import io.salespipelines.schemas.ParsedOrder;
import io.salespipelines.transforms.parse.FileFormat;
import io.salespipelines.transforms.parse.ParseSalesFile;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
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
 * Reads order files (given by path) into {@link ParsedOrder}s (SPEC 2.1). A file is JSON lines, one
 * order per non-blank line, or, when its first non-blank character is {@code [}, one JSON array of
 * orders (pretty-printed or not), each numbered by the line its object starts on. Either way the
 * file is streamed, so memory holds one order at a time, not the file.
 *
 * <p>Dead letters: {@code wrong_file_type} for an ending other than {@code .json}, {@code .jsonl},
 * {@code .ndjson} (optionally {@code .gz}); {@code malformed} for a line that is not a JSON object,
 * an array element that is not an object, and at line 0 for a {@code .gz} that does not decompress
 * or an array that does not parse; the orders read before such a break stand, as in sales-marts.
 * {@code unreadable} at line 0 when the file cannot be opened or reading it fails for another
 * reason than its content.
 */
public class ParseOrderFile
    extends PTransform<PCollection<String>, WithFailures.Result<PCollection<ParsedOrder>, DeadLetter>> {
  static final TupleTag<ParsedOrder> ORDERS = new TupleTag<ParsedOrder>() {};
  static final TupleTag<DeadLetter> FAILURES = new TupleTag<DeadLetter>() {};

  @Override
  public WithFailures.Result<PCollection<ParsedOrder>, DeadLetter> expand(PCollection<String> paths) {
    PCollectionTuple parsed =
        paths.apply(
            "ReadOrders", ParDo.of(new ParseFileFn()).withOutputTags(ORDERS, TupleTagList.of(FAILURES)));
    return WithFailures.Result.of(parsed, ORDERS, FAILURES);
  }

  static class ParseFileFn extends DoFn<String, ParsedOrder> {
    private final Counter files = Metrics.counter("orders-analytics", "files_read");
    private final Counter orders = Metrics.counter("orders-analytics", "records_parsed");

    @ProcessElement
    public void process(@Element String path, MultiOutputReceiver out) {
      files.inc();
      String name = ParseSalesFile.fileName(path);
      if (FileFormat.of(name) != FileFormat.JSON_LINES) {
        out.get(FAILURES)
            .output(
                DeadLetter.of(path, 0, ErrorType.WRONG_FILE_TYPE, null,
                    "file ending is not .json, .jsonl or .ndjson (optionally .gz): " + name, ""));
        return;
      }
      FileReader file = new FileReader(path, out);
      InputStream in;
      try {
        in = Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(path, false)));
      } catch (IOException | RuntimeException e) {
        out.get(FAILURES)
            .output(DeadLetter.of(path, 0, ErrorType.UNREADABLE, null,
                "could not open the file: " + describe(e), ""));
        return;
      }
      try (InputStream opened = in) {
        // Not Beam's Compression.GZIP: it passes a .gz that is not gzip at all through as text.
        file.gzip = FileFormat.isGzip(name) ? new EndAtGzipBreak(new GZIPInputStream(opened, 1 << 16)) : null;
        file.read(new InputStreamReader(file.gzip != null ? file.gzip : opened, StandardCharsets.UTF_8));
        if (file.gzip != null && file.gzip.cause() != null) {
          file.brokeOff(ErrorType.MALFORMED, "the gzip data does not decompress: " + describe(file.gzip.cause()));
        }
      } catch (JsonProcessingException e) {
        String at = e.getLocation() == null ? "" : " at line " + (file.skippedLines + e.getLocation().getLineNr());
        file.brokeOff(ErrorType.MALFORMED, "the JSON array does not parse" + at + ": " + e.getOriginalMessage());
      } catch (ZipException | EOFException e) {
        file.brokeOff(ErrorType.MALFORMED, "the gzip data does not decompress: " + describe(e));
      } catch (IOException | RuntimeException e) {
        file.brokeOff(ErrorType.UNREADABLE, "could not read the file: " + describe(e));
      }
    }

    /** Reads one file's orders, remembering how far it got for the message if it breaks off. */
    private final class FileReader {
      private final String path;
      private final MultiOutputReceiver out;
      /** Blank lines before the first non-blank character. */
      long skippedLines;
      /** The line the last record read started on. */
      long lastLine;
      long ordinal;
      /** The decompressing stream of a .gz file, else null. */
      EndAtGzipBreak gzip;
      private boolean brokenOff;

      FileReader(String path, MultiOutputReceiver out) {
        this.path = path;
        this.out = out;
      }

      void read(Reader reader) throws IOException {
        PushbackReader in = new PushbackReader(new BufferedReader(reader, 1 << 16), 1);
        int first = skipBlank(in);
        if (first < 0) {
          return;
        }
        in.unread(first);
        if (first == '[') {
          readArray(in);
        } else {
          readLines(new BufferedReader(in, 1 << 16));
        }
      }

      /** Skips a byte order mark and whitespace, counting line breaks; returns the next char or -1. */
      private int skipBlank(Reader in) throws IOException {
        int c = in.read();
        if (c == '\uFEFF') {
          c = in.read();
        }
        boolean afterCr = false;
        for (; c >= 0 && Character.isWhitespace(c); c = in.read()) {
          if (c == '\r' || (c == '\n' && !afterCr)) {
            skippedLines++;
          }
          afterCr = c == '\r';
        }
        return c;
      }

      private void readLines(BufferedReader lines) throws IOException {
        long line = skippedLines;
        String text;
        while ((text = lines.readLine()) != null) {
          line++;
          if (text.isBlank()) {
            continue;
          }
          emit(OrderJson.parseLine(path, line, ordinal++, text));
          lastLine = line;
        }
      }

      private void readArray(Reader in) throws IOException {
        try (JsonParser parser = OrderJson.MAPPER.getFactory().createParser(in)) {
          parser.nextToken(); // the [
          JsonToken token;
          while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
              brokeOff(ErrorType.MALFORMED, "the JSON array is not closed");
              return;
            }
            long line = skippedLines + parser.currentTokenLocation().getLineNr();
            JsonNode element = OrderJson.ELEMENT_READER.readValue(parser);
            emit(OrderJson.fromNode(path, line, ordinal++, element.toString(), element));
            lastLine = line;
          }
          if (parser.nextToken() != null) {
            brokeOff(ErrorType.MALFORMED, "text after the JSON array's closing ]");
          }
        }
      }

      private void emit(Object parsed) {
        if (parsed instanceof ParsedOrder order) {
          orders.inc();
          out.get(ORDERS).output(order);
        } else {
          out.get(FAILURES).output((DeadLetter) parsed);
        }
      }

      /** The one line-0 entry of a file that breaks off; a gzip break explains any parse error after it. */
      void brokeOff(ErrorType type, String message) {
        if (brokenOff) {
          return;
        }
        brokenOff = true;
        if (gzip != null && gzip.cause() != null) {
          type = ErrorType.MALFORMED;
          message = "the gzip data does not decompress: " + describe(gzip.cause());
        }
        String stand = ordinal == 0 ? "; nothing was read before" : "; the " + ordinal
            + " records read up to line " + lastLine + " stand";
        out.get(FAILURES).output(DeadLetter.of(path, 0, type, null, message + stand, ""));
      }
    }
  }

  /**
   * A gzip stream that ends where its data breaks off (a cut or corrupt .gz) instead of throwing,
   * and keeps the cause. Else the exception would also discard what the readers above had already
   * decompressed into their buffers, so which orders before the break stand would depend on buffer
   * sizes; this way every line before the break is read, the cut line is malformed at its line, and
   * the file gets its one malformed entry at line 0.
   */
  static final class EndAtGzipBreak extends FilterInputStream {
    private IOException cause;

    EndAtGzipBreak(GZIPInputStream gzip) {
      super(gzip);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (cause != null) {
        return -1;
      }
      try {
        return super.read(b, off, len);
      } catch (ZipException | EOFException e) {
        cause = e;
        return -1;
      }
    }

    /** Why the data broke off, or null while it has not. */
    IOException cause() {
      return cause;
    }
  }

  private static String describe(Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}

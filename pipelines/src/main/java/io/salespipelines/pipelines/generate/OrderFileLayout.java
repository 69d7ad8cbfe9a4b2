package io.salespipelines.pipelines.generate;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * How a monthly order file is laid out. Months take the layouts in turn, so that three months
 * already show JSON lines, a pretty-printed array and gzip, and five show every layout.
 */
enum OrderFileLayout {
  JSON_LINES("json_lines", false),
  PRETTY_ARRAY("pretty_array", false),
  JSON_LINES_GZIP("json_lines", true),
  ONE_LINE_ARRAY("one_line_array", false),
  ARRAY_PER_LINE_GZIP("array_per_line", true);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectWriter PRETTY =
      JSON.writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  final String code;
  final boolean gzip;

  OrderFileLayout(String code, boolean gzip) {
    this.code = code;
    this.gzip = gzip;
  }

  static OrderFileLayout forMonth(int index) {
    return values()[index % values().length];
  }

  boolean isArray() {
    return this == PRETTY_ARRAY || this == ONE_LINE_ARRAY || this == ARRAY_PER_LINE_GZIP;
  }

  String extension() {
    return gzip ? ".json.gz" : ".json";
  }

  /** Streams one file's orders in this layout. */
  Sink open(OutputStream out) {
    return new Sink(new OutputStreamWriter(out, StandardCharsets.UTF_8));
  }

  /** Writes orders one at a time; nothing but the current order is held. */
  final class Sink implements AutoCloseable {
    private final Writer out;
    private boolean first = true;

    private Sink(Writer out) {
      this.out = out;
    }

    /** Any JSON value: an order, or (in an array) an element that is not an object. */
    void write(JsonNode value) throws IOException {
      if (!isArray()) {
        writeLine(JSON.writeValueAsString(value));
        return;
      }
      switch (OrderFileLayout.this) {
        case PRETTY_ARRAY -> {
          out.write(first ? "[\n  " : ",\n  ");
          out.write(PRETTY.writeValueAsString(value).replace("\n", "\n  "));
        }
        case ONE_LINE_ARRAY -> {
          out.write(first ? "[" : ",");
          out.write(JSON.writeValueAsString(value));
        }
        default -> {
          out.write(first ? "[\n" : ",\n");
          out.write(JSON.writeValueAsString(value));
        }
      }
      first = false;
    }

    /** A line of text as it is (JSON-lines layouts only): how a broken order is written. */
    void writeLine(String text) throws IOException {
      out.write(text);
      out.write('\n');
    }

    @Override
    public void close() throws IOException {
      if (isArray()) {
        out.write(first ? "[]\n" : OrderFileLayout.this == ONE_LINE_ARRAY ? "]\n" : "\n]\n");
      }
      out.close();
    }
  }
}

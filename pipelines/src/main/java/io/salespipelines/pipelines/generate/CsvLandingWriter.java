package io.salespipelines.pipelines.generate;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** A CSV landing file: header, then one RFC 4180 record per row, broken lines written raw. */
final class CsvLandingWriter implements LandingWriter {
  private final FileProfile profile;
  private final List<FileProfile.Column> columns;
  private final Writer writer;
  private final CsvWriter csv;
  private final String[] fields;

  CsvLandingWriter(FileProfile profile, OutputStream out) throws IOException {
    this.profile = profile;
    this.columns = profile.columns();
    this.writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    if (profile.bom()) {
      writer.write('\uFEFF');
    }
    // Unbuffered, so records and raw lines reach the shared writer in order.
    this.csv = CsvWriter.builder()
        .lineDelimiter(profile.crlf() ? LineDelimiter.CRLF : LineDelimiter.LF)
        .bufferSize(0)
        .build(writer);
    this.fields = new String[columns.size()];
    csv.writeRecord(columns.stream().map(FileProfile.Column::header).toList());
  }

  @Override
  public void write(Row row) throws IOException {
    for (int i = 0; i < fields.length; i++) {
      String value = row.get(columns.get(i).field());
      fields[i] = value == null ? "" : value;
    }
    switch (row.shape()) {
      case INTACT -> csv.writeRecord(fields);
      case CSV_TOO_FEW_FIELDS -> csv.writeRecord(Arrays.copyOf(fields, fields.length - 1));
      case CSV_TOO_MANY_FIELDS -> {
        String[] more = Arrays.copyOf(fields, fields.length + 1);
        more[fields.length] = "";
        csv.writeRecord(more);
      }
      case CSV_STRAY_QUOTE -> writer.write(strayQuoteLine(row.target()));
      default -> throw new IllegalStateException(row.shape() + " cannot be written as CSV");
    }
  }

  /** The target goes out as is, a quote inside an unquoted field; the rest are quoted as needed. */
  private String strayQuoteLine(Field target) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        line.append(',');
      }
      boolean raw = columns.get(i).field() == target;
      line.append(raw ? fields[i] : quoteIfNeeded(fields[i]));
    }
    return line.append(profile.lineEnding()).toString();
  }

  private static String quoteIfNeeded(String value) {
    boolean needsQuotes = value.indexOf(',') >= 0 || value.indexOf('"') >= 0
        || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
    return needsQuotes ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }

  @Override
  public void blankLine() throws IOException {
    writer.write(profile.lineEnding());
  }

  @Override
  public void close() throws IOException {
    csv.close();
  }
}

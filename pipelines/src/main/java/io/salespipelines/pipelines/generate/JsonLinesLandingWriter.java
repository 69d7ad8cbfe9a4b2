package io.salespipelines.pipelines.generate;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.regex.Pattern;

/** A JSON lines landing file: one object per line, broken lines written raw. */
final class JsonLinesLandingWriter implements LandingWriter {
  private static final JsonFactory JSON = new JsonFactory();
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

  private final FileProfile profile;
  private final List<FileProfile.Column> columns;
  private final JsonGenerator json;

  JsonLinesLandingWriter(FileProfile profile, OutputStream out) throws IOException {
    this.profile = profile;
    this.columns = profile.columns();
    this.json = JSON.createGenerator(out, JsonEncoding.UTF8);
    // Lines are separated by the '\n' written after each value, not by Jackson's default space.
    json.setRootValueSeparator(null);
  }

  @Override
  public void write(Row row) throws IOException {
    switch (row.shape()) {
      case INTACT, JSON_MISSING_KEY -> writeObject(row);
      case JSON_NOT_AN_OBJECT -> {
        json.writeStartArray();
        for (FileProfile.Column column : columns) {
          json.writeString(row.get(column.field()));
        }
        json.writeEndArray();
      }
      case JSON_TRUNCATED -> json.writeRaw(truncatedObject(row));
      default -> throw new IllegalStateException(row.shape() + " cannot be written as JSON");
    }
    json.writeRaw('\n');
  }

  private void writeObject(Row row) throws IOException {
    json.writeStartObject();
    for (FileProfile.Column column : columns) {
      Field field = column.field();
      if (row.shape() == Row.Shape.JSON_MISSING_KEY && field == row.target()) {
        continue;
      }
      json.writeFieldName(column.header());
      String value = row.get(field);
      if (value == null) {
        json.writeNull();
      } else if (writesAsNumber(field) && NUMBER.matcher(value).matches()) {
        json.writeNumber(value);
      } else {
        json.writeString(value);
      }
    }
    json.writeEndObject();
  }

  /** Quantities are always JSON numbers; amounts are numbers or strings depending on the file. */
  private boolean writesAsNumber(Field field) {
    return field == Field.QUANTITY || field.isNumeric() && profile.jsonAmountsAsNumbers();
  }

  /** An object cut off after its second key, as a crashed writer leaves it; ids need no escape. */
  private String truncatedObject(Row row) {
    FileProfile.Column first = columns.get(0);
    return "{\"" + first.header() + "\":\"" + row.get(first.field()) + "\",\""
        + columns.get(1).header() + "\":";
  }

  @Override
  public void blankLine() throws IOException {
    json.writeRaw('\n');
  }

  @Override
  public void close() throws IOException {
    json.close();
  }
}

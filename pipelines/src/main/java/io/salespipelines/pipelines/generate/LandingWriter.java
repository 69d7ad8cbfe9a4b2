package io.salespipelines.pipelines.generate;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/** Writes the data rows of one landing file in its profile's format. */
interface LandingWriter extends Closeable {
  void write(Row row) throws IOException;

  /** A blank line between records: not a data row, but it counts for line numbers. */
  void blankLine() throws IOException;

  static LandingWriter open(FileProfile profile, OutputStream out) throws IOException {
    return switch (profile.format()) {
      case CSV, TUTORIAL_CSV -> new CsvLandingWriter(profile, out);
      case JSON_LINES -> new JsonLinesLandingWriter(profile, out);
    };
  }
}

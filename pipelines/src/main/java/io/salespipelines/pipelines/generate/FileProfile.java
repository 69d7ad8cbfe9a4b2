package io.salespipelines.pipelines.generate;

import java.util.List;

/** How one landing data file is laid out: format, header presentation and quirks. */
record FileProfile(
    Format format,
    List<String> extensions,
    List<Column> columns,
    boolean crlf,
    boolean bom,
    boolean blankLines,
    boolean jsonAmountsAsNumbers,
    boolean dateOnly) {

  enum Format {
    CSV("csv"),
    TUTORIAL_CSV("tutorial_csv"),
    JSON_LINES("json_lines");

    final String code;

    Format(String code) {
      this.code = code;
    }
  }

  /** A column as the file presents it: header text may be upper case or an alias. */
  record Column(Field field, String header) {}

  /** Later cycles through the profile list use the next ending, so every ending shows up. */
  String extension(int cycle) {
    return extensions.get(cycle % extensions.size());
  }

  boolean has(Field field) {
    return columns.stream().anyMatch(c -> c.field() == field);
  }

  List<Field> mandatoryFields() {
    return columns.stream().map(Column::field).filter(f -> f.mandatory).toList();
  }

  /** Tutorial-layout files name the product instead of giving its id. */
  Field productKey() {
    return has(Field.PRODUCT_ID) ? Field.PRODUCT_ID : Field.PRODUCT_NAME;
  }

  String lineEnding() {
    return crlf ? "\r\n" : "\n";
  }
}

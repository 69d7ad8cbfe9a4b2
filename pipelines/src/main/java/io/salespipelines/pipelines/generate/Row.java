package io.salespipelines.pipelines.generate;

import java.util.Arrays;

/**
 * One data row on its way to a file, reused for every row of a run so that memory stays constant.
 * A {@code null} value is written as JSON null, or as an empty CSV field.
 */
final class Row {
  /** How the row is broken on the way out, beyond its values. */
  enum Shape {
    INTACT,
    CSV_TOO_FEW_FIELDS,
    CSV_TOO_MANY_FIELDS,
    /** The value of {@code target} holds a quote and is written unquoted. */
    CSV_STRAY_QUOTE,
    JSON_NOT_AN_OBJECT,
    JSON_TRUNCATED,
    /** The key of {@code target} is left out of the JSON object. */
    JSON_MISSING_KEY
  }

  private final String[] values = new String[Field.values().length];
  private Shape shape;
  private Field target;
  /** total_cost in cents, rounded HALF_UP as the pipeline reads it. */
  private long totalCents;

  void reset() {
    Arrays.fill(values, "");
    shape = Shape.INTACT;
    target = null;
    totalCents = 0;
  }

  String get(Field field) {
    return values[field.ordinal()];
  }

  void set(Field field, String value) {
    values[field.ordinal()] = value;
  }

  Shape shape() {
    return shape;
  }

  Field target() {
    return target;
  }

  void breakAs(Shape shape, Field target) {
    this.shape = shape;
    this.target = target;
  }

  long totalCents() {
    return totalCents;
  }

  void totalCents(long cents) {
    totalCents = cents;
  }
}

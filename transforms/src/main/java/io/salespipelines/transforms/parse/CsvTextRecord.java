package io.salespipelines.transforms.parse;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/** One CSV record as read: where it starts, its raw text, its fields, and why it is broken if it is. */
final class CsvTextRecord {
  final long line;
  final String raw;
  final List<String> fields;
  /** Null for a well-formed record, else what is wrong with its quoting. */
  final @Nullable String quotingProblem;

  CsvTextRecord(long line, String raw, List<String> fields, @Nullable String quotingProblem) {
    this.line = line;
    this.raw = raw;
    this.fields = fields;
    this.quotingProblem = quotingProblem;
  }
}

package io.salespipelines.transforms.parse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV landing file made to be read in many small ranges, with what reading it must give: every
 * fifth record has a quoted note that spans two or three lines (with commas and quotes in it),
 * some records are followed by blank lines, some end in CRLF, and some are malformed. The test
 * knows each record's first line and byte offset, so it can check line numbers and put split
 * points where it likes.
 */
final class SplitSample {
  static final String HEADER =
      "transaction_id,customer_id,store_id,product_id,sales_person_id,sales_date,price,quantity,total_cost,note";

  final String name;
  final String content;
  /** "name:line|transaction_id" of every row. */
  final List<String> rows = new ArrayList<>();
  /** "name:line|malformed|null" of every dead letter. */
  final List<String> deadLetters = new ArrayList<>();
  /** Byte offset and first line of every data record, in order. */
  final List<long[]> recordStarts = new ArrayList<>();

  SplitSample(String name, int records) {
    this.name = name;
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    long line = 2;
    for (int i = 1; i <= records; i++) {
      recordStarts.add(new long[] {text.toString().getBytes(StandardCharsets.UTF_8).length, line});
      String note;
      long lines = 1;
      if (i % 5 == 0) {
        note = "\"line one, with a comma\nline \"\"two\"\"" + (i % 10 == 0 ? "\r\nline three" : "") + "\"";
        lines = i % 10 == 0 ? 3 : 2;
      } else {
        note = "plain " + i;
      }
      if (i % 11 == 0) {
        text.append("T").append(i).append(",C1,S1,P1,SP1,2025-06-10,1.00,1,").append(note); // a field short
        deadLetters.add(name + ":" + line + "|malformed|null");
      } else {
        text.append("T").append(i).append(",C1,S1,P1,SP1,2025-06-10,1.00,1,1.00,").append(note);
        rows.add(name + ":" + line + "|T" + i);
      }
      text.append(i % 3 == 0 ? "\r\n" : "\n");
      line += lines;
      if (i % 7 == 0) {
        text.append("\n\n"); // blank lines are not records but count as lines
        line += 2;
      }
    }
    this.content = text.toString();
  }

  byte[] bytes() {
    return content.getBytes(StandardCharsets.UTF_8);
  }
}

package io.salespipelines.transforms.orders;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An order file made to be read in many small ranges, with what reading it must give: JSON lines
 * with orders of one or three items, non-ASCII text (so bytes and characters differ), CRLF and LF
 * line ends, blank and whitespace-only lines, lines that are not JSON and lines that are not
 * objects; or the same kind of orders as one pretty-printed JSON array. The sample knows each
 * order's line and ordinal (its line's first byte, or its index in the array), and each line's
 * byte offset, so a test can put split points where it likes.
 */
final class OrderSplitSample {
  final String name;
  final String content;
  /** "name:line#ordinal|order_id" of every order. */
  final List<String> orders = new ArrayList<>();
  /** "name:line|malformed|null" of every dead letter. */
  final List<String> deadLetters = new ArrayList<>();
  /** Byte offset and line of every non-blank line of a JSON-lines sample, in order. */
  final List<long[]> lineStarts = new ArrayList<>();

  private OrderSplitSample(String name, String content) {
    this.name = name;
    this.content = content;
  }

  static String order(String id, int items) {
    StringBuilder text =
        new StringBuilder("{\"order_id\":\"" + id + "\",\"order_ts\":\"2025-01-03T10:15:00Z\",")
            .append("\"customer\":{\"customer_id\":\"C-").append(id.length()).append("\",\"country\":\"DE\"},")
            .append("\"payment\":{\"status\":\"paid\"},\"items\":[");
    for (int i = 1; i <= items; i++) {
      text.append(i > 1 ? "," : "")
          .append("{\"product_id\":\"P-").append(i).append("\",\"category\":\"caf\u00e9 \u00fc\",")
          .append("\"quantity\":").append(i).append(",\"unit_price\":\"1.50\"}");
    }
    return text.append("]}").toString();
  }

  /** JSON lines: {@code count} lines, some of them bad, with blank lines between some. */
  static OrderSplitSample jsonLines(String name, int count) {
    StringBuilder text = new StringBuilder();
    List<String> orders = new ArrayList<>();
    List<String> deadLetters = new ArrayList<>();
    List<long[]> starts = new ArrayList<>();
    long bytes = 0;
    long line = 1;
    for (int i = 1; i <= count; i++) {
      String record;
      if (i % 11 == 0) {
        record = "{\"order_id\":\"L-" + i + "\",\"items\":[{"; // broken off
        deadLetters.add(name + ":" + line + "|malformed|null");
      } else if (i % 13 == 0) {
        record = "[\"L-" + i + "\"]";
        deadLetters.add(name + ":" + line + "|malformed|null");
      } else {
        record = order("L-" + i, i % 5 == 0 ? 3 : 1);
        orders.add(name + ":" + line + "#" + bytes + "|L-" + i);
      }
      starts.add(new long[] {bytes, line});
      String end = i % 4 == 0 ? "\r\n" : "\n";
      String after = i % 7 == 0 ? (i % 14 == 0 ? "  \t\n" : "\n") : "";
      for (String part : new String[] {record, end, after}) {
        text.append(part);
        bytes += part.getBytes(StandardCharsets.UTF_8).length;
      }
      line += after.isEmpty() ? 1 : 2;
    }
    OrderSplitSample sample = new OrderSplitSample(name, text.toString());
    sample.orders.addAll(orders);
    sample.deadLetters.addAll(deadLetters);
    sample.lineStarts.addAll(starts);
    return sample;
  }

  /** One pretty-printed JSON array: every order over three lines, every ninth element not an object. */
  static OrderSplitSample array(String name, int count) {
    StringBuilder text = new StringBuilder("\n[\n");
    OrderSplitSample sample;
    List<String> orders = new ArrayList<>();
    List<String> deadLetters = new ArrayList<>();
    long line = 3;
    for (int i = 1; i <= count; i++) {
      if (i % 9 == 0) {
        text.append("  \"A-").append(i).append("\"");
        deadLetters.add(name + ":" + line + "|malformed|null");
        line += 1;
      } else {
        String order = order("A-" + i, i % 5 == 0 ? 3 : 1);
        int items = order.indexOf("\"items\"");
        text.append("  ").append(order, 0, items).append("\n    ").append(order, items, order.length() - 1)
            .append("\n  }");
        orders.add(name + ":" + line + "#" + (i - 1) + "|A-" + i);
        line += 3;
      }
      text.append(i < count ? ",\n" : "\n]\n");
    }
    sample = new OrderSplitSample(name, text.toString());
    sample.orders.addAll(orders);
    sample.deadLetters.addAll(deadLetters);
    return sample;
  }

  byte[] bytes() {
    return content.getBytes(StandardCharsets.UTF_8);
  }
}

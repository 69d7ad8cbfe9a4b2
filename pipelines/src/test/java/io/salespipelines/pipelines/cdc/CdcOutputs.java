package io.salespipelines.pipelines.cdc;

import io.salespipelines.pipelines.jdbc.JdbcTargets;
import io.salespipelines.transforms.jdbc.JdbcTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What an orders-cdc run left under its output, as sorted text for comparisons. */
final class CdcOutputs {
  private CdcOutputs() {}

  static List<String> query(Path output, String sql) throws Exception {
    JdbcTarget db = new JdbcTarget(JdbcTargets.defaultUrl(output.toString(), "orders_cdc"), null, null);
    List<String> rows = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i > 1 ? "|" : "").append(r.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  static List<String> ordersCurrent(Path output) throws Exception {
    return query(output, "SELECT orderid, product_name, quantity, price, last_event_type, sequence_number, updated_at,"
        + " deleted FROM orders_current ORDER BY orderid");
  }

  static List<String> orderActivity(Path output) throws Exception {
    return query(output, "SELECT window_start, window_end, inserts, modifies, removes, units, \"VALUE\""
        + " FROM order_activity ORDER BY window_start");
  }

  /** Every line of every file under a table folder, with the partition folder, sorted. */
  static List<String> lines(Path table) throws IOException {
    List<String> lines = new ArrayList<>();
    if (!Files.isDirectory(table)) {
      return lines;
    }
    try (Stream<Path> files = Files.walk(table)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (Files.isRegularFile(f) && !name.startsWith(".") && name.endsWith(".jsonl")) {
          String partition = table.relativize(f.getParent()).toString();
          for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            lines.add(partition + " " + line);
          }
        }
      }
    }
    lines.sort(null);
    return lines;
  }

  /** Dead letters without their run id, sorted. */
  static List<String> deadLetters(Path output) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : lines(output.resolve("dead_letter"))) {
      out.add(line.replaceAll("\"run_id\":\"[^\"]*\",", ""));
    }
    out.sort(null);
    return out;
  }

  static TreeMap<String, Integer> count(List<String> lines) {
    TreeMap<String, Integer> counts = new TreeMap<>();
    lines.forEach(l -> counts.merge(l, 1, Integer::sum));
    return counts;
  }
}

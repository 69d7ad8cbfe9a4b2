import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * End-to-end latency probe for bench/cdc.sh (not a test): while orders-cdc watches FOLDER, drops a
 * file of PER_FILE new INSERTs every INTERVAL_MS for SECONDS, each stamped with the wall clock as
 * its ApproximateCreationDateTime (milliseconds), and polls orders_current (JDBC_URL) every 50 ms.
 * Latency = first seen in orders_current - created. Prints p50, p95, max.
 *   java -cp sales-pipelines.jar bench/CdcLatency.java FOLDER JDBC_URL SECONDS INTERVAL_MS PER_FILE
 */
public class CdcLatency {
  public static void main(String[] args) throws Exception {
    Path folder = Paths.get(args[0]);
    String url = args[1];
    int seconds = Integer.parseInt(args[2]);
    int intervalMs = Integer.parseInt(args[3]);
    int perFile = Integer.parseInt(args[4]);
    Map<String, Long> created = new HashMap<>();
    Map<String, Long> seen = new HashMap<>();
    long start = System.currentTimeMillis();
    long nextFile = start;
    int files = 0;
    Connection db = null;
    while (true) {
      long now = System.currentTimeMillis();
      if (now < start + seconds * 1000L && now >= nextFile) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < perFile; i++) {
          String id = "lat-" + files + "-" + i;
          long t = System.currentTimeMillis();
          created.put(id, t);
          text.append("{\"eventID\":\"").append(id).append("\",\"eventName\":\"INSERT\",\"dynamodb\":{")
              .append("\"ApproximateCreationDateTime\":").append(t)
              .append(",\"Keys\":{\"orderId\":{\"S\":\"").append(id).append("\"}},\"NewImage\":{\"orderId\":{\"S\":\"")
              .append(id).append("\"},\"product_name\":{\"S\":\"Probe\"},\"quantity\":{\"N\":\"1\"},\"price\":{\"N\":\"1.00\"}},")
              .append("\"SequenceNumber\":\"").append(t).append("\"}}\n");
        }
        Path temp = folder.resolve(".probe-" + files + ".tmp");
        Files.write(temp, text.toString().getBytes(StandardCharsets.UTF_8));
        Files.move(temp, folder.resolve(String.format("probe-%06d.jsonl", files)), StandardCopyOption.ATOMIC_MOVE);
        files++;
        nextFile += intervalMs;
      }
      try {
        if (db == null) {
          db = DriverManager.getConnection(url);
        }
        try (Statement s = db.createStatement();
            ResultSet r = s.executeQuery("SELECT orderid FROM orders_current WHERE orderid LIKE 'lat-%'")) {
          long t = System.currentTimeMillis();
          while (r.next()) {
            seen.putIfAbsent(r.getString(1), t);
          }
        }
      } catch (Exception e) {
        db = null; // the job has not created the database yet
      }
      if (now > start + seconds * 1000L && (seen.size() >= created.size() || now > start + (seconds + 180) * 1000L)) {
        break;
      }
      Thread.sleep(50);
    }
    List<Long> latencies = new ArrayList<>();
    for (Map.Entry<String, Long> e : seen.entrySet()) {
      if (created.containsKey(e.getKey())) {
        latencies.add(e.getValue() - created.get(e.getKey()));
      }
    }
    Collections.sort(latencies);
    if (latencies.isEmpty()) {
      System.out.println("latency: no probe record became visible");
      return;
    }
    System.out.printf("latency over %d of %d probe records: p50 %.2f s, p95 %.2f s, max %.2f s%n",
        latencies.size(), created.size(), latencies.get(latencies.size() / 2) / 1000.0,
        latencies.get((int) (latencies.size() * 0.95)) / 1000.0, latencies.get(latencies.size() - 1) / 1000.0);
  }
}

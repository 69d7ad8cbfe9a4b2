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
 * Probes for bench/cdc.sh (not a test). Both first warm the job up: they drop a file with one
 * INSERT every 500 ms into the watched FOLDER until the job notes one as read (a {@code .done} file
 * under OUTPUT/_state/cdc_files/), so that JVM start, pipeline construction and, on Spark, the
 * streaming context's start are not counted.
 *   latency FOLDER OUTPUT JDBC_URL SECONDS INTERVAL_MS PER_FILE: then drops a file of PER_FILE new
 *     INSERTs every INTERVAL_MS for SECONDS, each stamped with the wall clock as its
 *     ApproximateCreationDateTime (milliseconds), and polls orders_current every 50 ms. Latency =
 *     first seen in orders_current - created. Prints p50, p95, max.
 *   feed FOLDER OUTPUT FROM_DIR: then copies every file of FROM_DIR into FOLDER at once (each under
 *     a hidden name, then renamed), and prints "<epoch ms when they were in> <warm-up records>".
 *   server PORT: an H2 TCP server for the latency run's database (jdbc:h2:tcp://127.0.0.1:PORT/...).
 *   java -cp sales-pipelines.jar bench/CdcLatency.java latency|feed|server ...
 */
public class CdcLatency {
  public static void main(String[] args) throws Exception {
    if (args[0].equals("server")) {
      // The job and the probe both connect to it: neither hosts the database for the other.
      org.h2.tools.Server.createTcpServer("-tcpPort", args[1], "-ifNotExists").start();
      Thread.sleep(Long.MAX_VALUE);
    }
    Path folder = Paths.get(args[1]);
    int warm = warmUp(folder, Paths.get(args[2]));
    if (args[0].equals("feed")) {
      List<Path> files = new ArrayList<>();
      try (var list = Files.list(Paths.get(args[3]))) {
        list.filter(Files::isRegularFile).sorted().forEach(files::add);
      }
      for (Path f : files) {
        Files.copy(f, folder.resolve(".feed-" + f.getFileName()));
      }
      for (Path f : files) {
        Files.move(folder.resolve(".feed-" + f.getFileName()), folder.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
      }
      System.out.println(System.currentTimeMillis() + " " + warm);
      return;
    }
    probe(folder, args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]));
  }

  static String insert(String id, long millis) {
    return "{\"eventID\":\"" + id + "\",\"eventName\":\"INSERT\",\"dynamodb\":{"
        + "\"ApproximateCreationDateTime\":" + millis
        + ",\"Keys\":{\"orderId\":{\"S\":\"" + id + "\"}},\"NewImage\":{\"orderId\":{\"S\":\""
        + id + "\"},\"product_name\":{\"S\":\"Probe\"},\"quantity\":{\"N\":\"1\"},\"price\":{\"N\":\"1.00\"}},"
        + "\"SequenceNumber\":\"" + millis + "\"}}\n";
  }

  static void drop(Path folder, String name, String text) throws Exception {
    Path temp = folder.resolve("." + name + ".tmp");
    Files.write(temp, text.getBytes(StandardCharsets.UTF_8));
    Files.move(temp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Drops warm-up INSERTs until the job has read one; returns how many it dropped. */
  static int warmUp(Path folder, Path output) throws Exception {
    long deadline = System.currentTimeMillis() + 300_000;
    for (int n = 0; System.currentTimeMillis() < deadline; n++) {
      // Stamped 2000-01-01, before any measured record: the folder's watermark must not pass them.
      drop(folder, String.format("warm-%04d.jsonl", n), insert("warm-" + n, 946_684_800_000L + n * 1000L));
      for (int i = 0; i < 10; i++) {
        Thread.sleep(50);
        Path runs = output.resolve("_state/cdc_files");
        if (Files.isDirectory(runs)) {
          try (var found = Files.find(runs, 2, (p, a) -> p.toString().endsWith(".done"))) {
            if (found.findAny().isPresent()) {
              return n + 1;
            }
          }
        }
      }
    }
    throw new IllegalStateException("the job did not come up within 5 minutes");
  }

  static void probe(Path folder, String url, int seconds, int intervalMs, int perFile) throws Exception {
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
          text.append(insert(id, t));
        }
        drop(folder, String.format("probe-%06d.jsonl", files), text.toString());
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

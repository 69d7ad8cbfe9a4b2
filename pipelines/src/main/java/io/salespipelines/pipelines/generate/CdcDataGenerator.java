package io.salespipelines.pipelines.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * {@code generate --dataset=cdc}: DynamoDB change records for orders-cdc (SPEC 3.1, 4) in
 * {@code changes/}: INSERT, MODIFY and REMOVE of the same orders, one second of event time apart,
 * with some changes out of order, some late (within and beyond an hour), duplicates, every error
 * kind, and the file forms the job reads (JSON lines, records back to back, gzip, records over
 * several lines, a file that breaks off). Deterministic per seed; memory stays constant (a bounded
 * pool of open orders and of held-back changes). Each file is written under a {@code .}-name and
 * renamed when complete, so a job watching the folder never reads half a file.
 */
public final class CdcDataGenerator {
  /** 2024-06-01T00:00:00Z */
  static final long BASE_SECONDS = 1_717_200_000L;
  private static final BigInteger FIRST_SEQUENCE = new BigInteger("100000000000000000000");
  private static final String[] PRODUCTS = {"Desk Lamp", "Standing Desk", "Office Chair", "Monitor 27\"", "USB-C Hub",
      "Keyboard", "Mouse Pad", "Webcam", "Headset", "Cable Tray"};
  private static final String[] BAD_KINDS = {"malformed:not_an_object", "malformed:array", "missing_value:eventName",
      "missing_value:SequenceNumber", "missing_value:orderId", "invalid_value:eventName",
      "invalid_value:quantity_not_integer", "invalid_value:quantity_not_number", "invalid_value:price"};
  private static final int POOL = 200;

  private final SplittableRandom random;
  /** When set, records go onto a Kinesis stream instead of into files. */
  private KinesisPutter putter;
  private final double badRate;
  private final List<String> pool = new ArrayList<>();
  private final Map<String, int[]> openOrders = new LinkedHashMap<>();
  private final PriorityQueue<Held> held = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
  private final ArrayDeque<String> ready = new ArrayDeque<>();
  private long step;
  private long orders;
  private BigInteger sequence = FIRST_SEQUENCE;
  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final Map<String, Long> bad = new LinkedHashMap<>();

  private static final class Held {
    final long at;
    final String record;

    Held(long at, String record) {
      this.at = at;
      this.record = record;
    }
  }

  private CdcDataGenerator(long seed, double badRate) {
    this.random = new SplittableRandom(seed);
    this.badRate = badRate;
    for (String k : List.of("records", "changes", "duplicates", "out_of_order", "late_within_lateness",
        "late_beyond_lateness", "bad_records", "orders")) {
      counts.put(k, 0L);
    }
    for (String k : BAD_KINDS) {
      bad.merge(k.substring(0, k.indexOf(':')), 0L, Long::sum);
    }
  }

  /** Writes {@code changes/} and {@code _generator.json}; returns the summary line. */
  public static String generate(
      String output, long rows, long seed, double badRate, int files, KinesisPutter putter) throws IOException {
    String root = output.endsWith("/") ? output : output + "/";
    CdcDataGenerator g = new CdcDataGenerator(seed, badRate);
    g.putter = putter;
    int fileCount = files > 0 ? files : (int) Math.max(4, rows / 50_000);
    long perFile = Math.max(1, (rows + fileCount - 1) / fileCount);
    long written = 0;
    List<String> names = new ArrayList<>();
    for (int f = 0; f < fileCount && written < rows; f++) {
      String name = String.format("changes-%05d%s", f + 1, suffix(f));
      long n = Math.min(perFile, rows - written);
      List<String> records = new ArrayList<>();
      for (long i = 0; i < n; i++) {
        records.add(g.next());
      }
      written += n;
      g.writeFile(root + "changes/", name, records, f);
      names.add(name);
    }
    // Changes still held back (late ones, duplicates) arrive last, in a file of stragglers.
    List<String> stragglers = new ArrayList<>(g.ready);
    while (!g.held.isEmpty()) {
      stragglers.add(g.held.poll().record);
    }
    if (!stragglers.isEmpty()) {
      g.count("records", stragglers.size());
      String name = String.format("changes-%05d-stragglers.jsonl", names.size() + 1);
      g.writeFile(root + "changes/", name, stragglers, 0);
      names.add(name);
    }
    // A file that breaks off after two good changes (on a stream: a record that is cut off): its rest is one malformed dead letter.
    List<String> broken = new ArrayList<>();
    broken.add(g.insert(g.newOrder()));
    broken.add(g.insert(g.newOrder()));
    g.count("records", 2);
    g.count("changes", 2);
    String text = String.join("\n", broken) + "\n{\"eventID\":\"broken-1\",\"eventName\":\"INSERT\",\"dynamodb\":{\"Approx";
    g.writeRaw(root + "changes/", "changes-broken.jsonl", text);
    g.count("records", 1);
    g.count("bad_records", 1);
    g.bad.merge("malformed", 1L, Long::sum);
    if (putter == null) {
      g.writeRaw(root + "changes/", "notes.txt", "not change records: one wrong_file_type dead letter\n");
      g.writeRaw(root + "changes/", "_manifest.json", "{\"ignored\": true}\n");
    } else {
      putter.flush();
    }

    ObjectNode summary = new ObjectMapper().createObjectNode();
    summary.put("dataset", "cdc");
    summary.put("seed", seed);
    summary.put("bad_rate", badRate);
    g.counts.forEach(summary::put);
    ObjectNode badByType = summary.putObject("bad_records_by_type");
    g.bad.forEach(badByType::put);
    summary.put("wrong_file_type_files", putter == null ? 1 : 0);
    if (putter != null) {
      summary.put("stream_records_put", putter.recordsPut());
    }
    summary.put("files", names.size() + 1);
    summary.put("first_event_time", BASE_SECONDS);
    summary.put("last_event_time", BASE_SECONDS + g.step);
    summary.put(
        "note",
        "records = changes + duplicates + bad_records; every record read ends in cdc_events (changes) or"
            + " the dead letters (bad_records); late_beyond_lateness are held back more than an hour of"
            + " event time (too late for --allowedLatenessSeconds=3600 when the folder is read in one run)");
    try (OutputStream out = new Output(root).create("_generator.json")) {
      out.write(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(summary));
    }
    return "generate: wrote " + g.counts.get("records") + " change records (" + g.counts.get("changes")
        + " changes, " + g.counts.get("duplicates") + " duplicates, " + g.counts.get("bad_records")
        + " bad) in " + (names.size() + 1) + " files under " + root + "changes";
  }

  private static String suffix(int f) {
    switch (f % 4) {
      case 0:
        return ".jsonl";
      case 1:
        return ".json";
      case 2:
        return ".jsonl.gz";
      default:
        return ".ndjson";
    }
  }

  private void count(String key, long n) {
    counts.merge(key, n, Long::sum);
  }

  /** The next record to write. */
  private String next() {
    while (ready.isEmpty()) {
      produce();
    }
    count("records", 1);
    return ready.poll();
  }

  private void produce() {
    step++;
    while (!held.isEmpty() && held.peek().at <= step) {
      ready.add(held.poll().record);
    }
    double r = random.nextDouble();
    if (r < badRate) {
      ready.add(badRecord());
      return;
    }
    String change = change();
    count("changes", 1);
    double kind = random.nextDouble();
    if (kind < 0.01) {
      ready.add(change);
      held.add(new Held(step + 1 + random.nextInt(50), change));
      count("duplicates", 1);
    } else if (kind < 0.03) {
      // Out of order: the next change goes out before this one.
      held.add(new Held(step + 1, change));
      count("out_of_order", 1);
    } else if (kind < 0.035) {
      held.add(new Held(step + 300 + random.nextInt(1500), change));
      count("late_within_lateness", 1);
    } else if (kind < 0.0355) {
      held.add(new Held(step + 7200 + random.nextInt(2000), change));
      count("late_beyond_lateness", 1);
    } else {
      ready.add(change);
    }
  }

  private String change() {
    double r = random.nextDouble();
    if (openOrders.size() < 10 || r < 0.45) {
      String order = newOrder();
      if (openOrders.size() >= POOL) {
        openOrders.remove(openOrders.keySet().iterator().next());
      }
      return insert(order);
    }
    List<String> keys = new ArrayList<>(openOrders.keySet());
    String order = keys.get(random.nextInt(keys.size()));
    if (r < 0.85) {
      int[] state = openOrders.get(order);
      state[1] = 1 + random.nextInt(9);
      return record("MODIFY", order, state);
    }
    int[] state = openOrders.remove(order);
    return record("REMOVE", order, state);
  }

  private String newOrder() {
    orders++;
    count("orders", 1);
    String order = String.format("ORD-%08d", orders);
    openOrders.put(order, new int[] {random.nextInt(PRODUCTS.length), 1 + random.nextInt(5), 199 + random.nextInt(50_000)});
    return order;
  }

  private String insert(String order) {
    return record("INSERT", order, openOrders.get(order));
  }

  private String record(String type, String order, int[] state) {
    sequence = sequence.add(BigInteger.valueOf(1 + random.nextInt(1000)));
    long seconds = BASE_SECONDS + step;
    // Half the records carry milliseconds, as Kinesis Data Streams for DynamoDB writes them.
    String created = random.nextBoolean() ? Long.toString(seconds) : Long.toString(seconds * 1000 + random.nextInt(1000));
    String price = String.format("%d.%02d", state[2] / 100, state[2] % 100);
    String image = "{\"orderId\":{\"S\":\"" + order + "\"},\"product_name\":{\"S\":\"" + PRODUCTS[state[0]].replace("\"", "\\\"")
        + "\"},\"quantity\":{\"N\":\"" + state[1] + "\"},\"price\":{\"N\":\"" + price + "\"},"
        + "\"customer\":{\"M\":{\"id\":{\"S\":\"C-" + (1 + random.nextInt(5000)) + "\"},\"vip\":{\"BOOL\":"
        + random.nextBoolean() + "}}},\"tags\":{\"SS\":[\"web\",\"promo\"]}}";
    return "{\"eventID\":\"" + eventId() + "\",\"eventName\":\"" + type + "\",\"eventSource\":\"aws:dynamodb\","
        + "\"dynamodb\":{\"ApproximateCreationDateTime\":" + created + ",\"Keys\":{\"orderId\":{\"S\":\"" + order + "\"}},"
        + "\"" + (type.equals("REMOVE") ? "OldImage" : "NewImage") + "\":" + image
        + ",\"SequenceNumber\":\"" + sequence + "\",\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}}";
  }

  private String eventId() {
    return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
  }

  private String badRecord() {
    String kind = BAD_KINDS[(int) (counts.get("bad_records") % BAD_KINDS.length)];
    count("bad_records", 1);
    bad.merge(kind.substring(0, kind.indexOf(':')), 1L, Long::sum);
    String order = String.format("BAD-%08d", step);
    int[] state = {0, 2, 1000};
    String good = record("INSERT", order, state);
    switch (kind) {
      case "malformed:not_an_object":
        // Text that is not JSON would end the file (SPEC 3.1): that case is the broken file below.
        return "\"" + order + " INSERT\"";
      case "malformed:array":
        return "[" + good + "]";
      case "missing_value:eventName":
        return good.replace("\"eventName\":\"INSERT\",", "");
      case "missing_value:SequenceNumber":
        return good.replaceAll(",\"SequenceNumber\":\"\\d+\"", "");
      case "missing_value:orderId":
        return good.replace("\"orderId\"", "\"sku\"");
      case "invalid_value:eventName":
        return good.replace("\"eventName\":\"INSERT\"", "\"eventName\":\"UPSERT\"");
      case "invalid_value:quantity_not_integer":
        return good.replace("\"quantity\":{\"N\":\"2\"}", "\"quantity\":{\"N\":\"2.5\"}");
      case "invalid_value:quantity_not_number":
        return good.replace("\"quantity\":{\"N\":\"2\"}", "\"quantity\":{\"N\":\"two\"}");
      default:
        return good.replace("\"price\":{\"N\":\"10.00\"}", "\"price\":{\"N\":\"ten\"}");
    }
  }

  /** Writes one data file in the form its index picks; a few records span lines in the .ndjson ones. */
  private void writeFile(String folder, String name, List<String> records, int index) throws IOException {
    if (putter != null) {
      for (String r : records) {
        putter.put(partitionKey(r), r);
      }
      return;
    }
    StringBuilder text = new StringBuilder();
    for (String r : records) {
      if (index % 4 == 1) {
        text.append(r);
      } else if (index % 4 == 3 && Math.floorMod(r.hashCode(), 10) == 0 && r.startsWith("{\"eventID\"")) {
        text.append(r.replace(",\"dynamodb\":", ",\n  \"dynamodb\":")).append('\n');
      } else {
        text.append(r).append('\n');
      }
    }
    writeRaw(folder, name, text.toString());
  }

  /** Changes of one order go to one shard, in order, as DynamoDB's stream keeps them. */
  private static String partitionKey(String record) {
    java.util.regex.Matcher m = ORDER_ID.matcher(record);
    return m.find() ? m.group(1) : Integer.toHexString(record.hashCode());
  }

  private static final java.util.regex.Pattern ORDER_ID =
      java.util.regex.Pattern.compile("\"orderId\":\\{\"S\":\"([^\"]+)\"");

  private void writeRaw(String folder, String name, String text) throws IOException {
    if (putter != null) {
      // On a stream each record stands alone: the broken file's records go one by one, its cut-off
      // rest as one record (a malformed dead letter).
      for (String part : text.split("\n")) {
        if (!part.isBlank()) {
          putter.put(partitionKey(part), part);
        }
      }
      return;
    }
    Output out = new Output(folder);
    String temp = "." + name + ".tmp";
    try (OutputStream stream = out.createMaybeGzip(temp.replace(".gz.tmp", ".tmp.gz"))) {
      stream.write(text.getBytes(StandardCharsets.UTF_8));
    }
    ResourceId from = FileSystems.matchNewResource(folder + temp.replace(".gz.tmp", ".tmp.gz"), false);
    ResourceId to = FileSystems.matchNewResource(folder + name, false);
    FileSystems.rename(List.of(from), List.of(to), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }
}

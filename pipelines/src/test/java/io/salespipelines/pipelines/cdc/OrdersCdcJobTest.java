package io.salespipelines.pipelines.cdc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipelines.pipelines.Main;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * orders-cdc end to end on the Direct runner from the command line: a watched folder with every kind
 * of input, a source that ends by itself, every output, and stop-and-restart.
 */
public class OrdersCdcJobTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /** 2024-06-01T12:00:00Z */
  static final long T0 = 1_717_243_200L;

  static String change(String eventId, String type, String order, String seq, long time, int qty, String price) {
    String image =
        "{\"orderId\":{\"S\":\"" + order + "\"},\"product_name\":{\"S\":\"P-" + order + "\"},"
            + "\"quantity\":{\"N\":\"" + qty + "\"},\"price\":{\"N\":\"" + price + "\"},\"channel\":{\"S\":\"web\"}}";
    return "{\"eventID\":\"" + eventId + "\",\"eventName\":\"" + type + "\",\"dynamodb\":{"
        + "\"ApproximateCreationDateTime\":" + time + ",\"Keys\":{\"orderId\":{\"S\":\"" + order + "\"}},"
        + "\"" + (type.equals("REMOVE") ? "OldImage" : "NewImage") + "\":" + image
        + ",\"SequenceNumber\":\"" + seq + "\"}}";
  }

  static void write(File file, String text) throws IOException {
    File temp = new File(file.getParentFile(), "." + file.getName());
    try (OutputStream out =
        file.getName().endsWith(".gz") ? new GZIPOutputStream(new FileOutputStream(temp)) : new FileOutputStream(temp)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    Files.move(temp.toPath(), file.toPath(), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Input: orders A-D over two minutes, reordering, a duplicate, a late change, bad records. */
  static void writeInput(File in) throws IOException {
    write(new File(in, "01.jsonl"), String.join("\n",
        change("a1", "INSERT", "A", "100", T0 + 5, 2, "10.00"),
        change("b1", "INSERT", "B", "200", T0 + 10, 1, "99.99"),
        change("a3", "MODIFY", "A", "300000000000000000000", T0 + 50, 5, "10.00"),
        change("a2", "MODIFY", "A", "250", T0 + 40, 3, "10.00")) + "\n");
    // Back to back, gzip, with a duplicate of b1 and one record spanning lines.
    write(new File(in, "02.json.gz"),
        change("c1", "INSERT", "C", "400", T0 + 65, 4, "2.50")
            + change("b1", "INSERT", "B", "200", T0 + 10, 1, "99.99")
            + change("b2", "REMOVE", "B", "500", T0 + 70, 1, "99.99").replace(",\"dynamodb\"", ",\n  \"dynamodb\""));
    // Late, within the allowed hour: window [T0, T0+60) gets another INSERT; and bad records.
    write(new File(in, "03.ndjson"), String.join("\n",
        change("d1", "INSERT", "D", "600", T0 + 30, 1, "5.00"),
        change("x1", "UPSERT", "X", "1", T0, 1, "1"),
        change("x2", "INSERT", "X", "2", T0, 1, "1").replace("{\"N\":\"1\"},\"price\"", "{\"N\":\"1.5\"},\"price\""),
        "not json at all", "") );
    write(new File(in, "04.json"), change("e1", "INSERT", "E", "700", T0 + 80, 1, "1.00") + "\n{\"eventID\": broken\n"
        + change("e2", "INSERT", "E", "701", T0 + 81, 1, "1.00"));
    write(new File(in, "readme.txt"), "not change records");
    write(new File(in, "_SUCCESS"), "");
  }

  static String[] args(File in, Path out, String... more) {
    List<String> a = new ArrayList<>(List.of(
        "orders-cdc", "--input=" + in, "--output=" + out, "--stopAfterIdleSeconds=2", "--pollMillis=100",
        "--windowSeconds=60", "--allowedLatenessSeconds=3600"));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  static String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(out, true), new PrintStream(err, true));
    assertThat(err.toString(), code, equalTo(0));
    return out.toString(StandardCharsets.UTF_8).trim();
  }

  static final List<String> ORDERS_CURRENT = List.of(
      "A|P-A|5|10.00|MODIFY|300000000000000000000|2024-06-01 12:00:50|FALSE",
      "B|P-B|1|99.99|REMOVE|500|2024-06-01 12:01:10|TRUE",
      "C|P-C|4|2.50|INSERT|400|2024-06-01 12:01:05|FALSE",
      "D|P-D|1|5.00|INSERT|600|2024-06-01 12:00:30|FALSE",
      "E|P-E|1|1.00|INSERT|700|2024-06-01 12:01:20|FALSE");

  static final List<String> ORDER_ACTIVITY = List.of(
      "2024-06-01 12:00:00|2024-06-01 12:01:00|3|2|0|4|124.99",
      "2024-06-01 12:01:00|2024-06-01 12:02:00|2|0|1|5|11.00");

  @Test
  public void readsTheFolderWritesEveryOutputAndEndsByItself() throws Exception {
    File in = tmp.newFolder("in");
    writeInput(in);
    Path out = tmp.getRoot().toPath().resolve("out");
    String summary = run(args(in, out, "--runId=r1"));
    assertThat(summary, startsWith("orders-cdc run r1: 13 records read: 8 written to cdc_events, 4 dead letters"));
    assertThat(summary, containsString("1 duplicates, 0 late records"));

    assertThat(CdcOutputs.ordersCurrent(out), equalTo(ORDERS_CURRENT));
    assertThat(CdcOutputs.query(out, "SELECT orderid FROM orders_live ORDER BY orderid"), equalTo(List.of("A", "C", "D", "E")));
    assertThat(CdcOutputs.orderActivity(out), equalTo(ORDER_ACTIVITY));

    List<String> events = CdcOutputs.lines(out.resolve("cdc_events"));
    assertThat(events.size(), equalTo(8));
    assertThat(events, hasItem(
        "dt=2024-06-01/hour=12 {\"orderid\":\"A\",\"product_name\":\"P-A\",\"quantity\":2,\"price\":10.00,"
            + "\"event_type\":\"INSERT\",\"creation_time\":1717243205,\"sequence_number\":\"100\",\"event_id\":\"a1\","
            + "\"additional_attributes\":{\"channel\":\"web\"}}"));
    List<String> dead = CdcOutputs.deadLetters(out);
    assertThat(dead.stream().map(d -> d.replaceAll(".*\"error_type\":\"([a-z_]+)\".*", "$1")).sorted()
        .collect(Collectors.toList()), equalTo(List.of("invalid_value", "invalid_value", "malformed", "malformed", "wrong_file_type")));
    assertThat(dead.toString(), containsString("\"line\":2,\"error_type\":\"malformed\""));

    JsonNode record = new ObjectMapper().readTree(out.resolve("_runs/r1.json").toFile());
    JsonNode counts = record.get("counts");
    assertThat(counts.get("records_read").asLong(),
        equalTo(counts.get("cdc_events_written").asLong() + counts.get("dead_letters").asLong() + counts.get("duplicates").asLong()));
    assertThat(record.get("options").get("input").asText(), equalTo(in.toString()));
  }

  @Test
  public void aRestartDoublesNothingAndMissesNothing() throws Exception {
    File in = tmp.newFolder("in");
    writeInput(in);
    Path out = tmp.getRoot().toPath().resolve("out");
    run(args(in, out, "--runId=r1"));
    List<String> eventsAfterFirst = CdcOutputs.lines(out.resolve("cdc_events"));

    // A clean restart over the same folder: every file was read completely, none is read again.
    String second = run(args(in, out, "--runId=r2"));
    assertThat(second, startsWith("orders-cdc run r2: 0 records read"));
    assertThat(CdcOutputs.lines(out.resolve("cdc_events")), equalTo(eventsAfterFirst));

    // A run killed part-way leaves no _COMPLETE: the next run reads its files again. The database
    // writes are idempotent (highest sequence wins; activity recomputed from per-event rows).
    // As if r1 had been killed: no _COMPLETE, and r2 (whose ledger covers r1) never ran.
    Files.delete(out.resolve("_state/cdc_files/r1/_COMPLETE"));
    try (Stream<Path> r2 = Files.walk(out.resolve("_state/cdc_files/r2"))) {
      r2.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
    write(new File(in, "05.jsonl"), change("c2", "MODIFY", "C", "401", T0 + 90, 6, "2.50") + "\n");
    String third = run(args(in, out, "--runId=r3"));
    assertThat(third, startsWith("orders-cdc run r3: 14 records read"));
    List<String> current = new ArrayList<>(ORDERS_CURRENT);
    current.set(2, "C|P-C|6|2.50|MODIFY|401|2024-06-01 12:01:30|FALSE");
    assertThat(CdcOutputs.ordersCurrent(out), equalTo(current));
    assertThat(CdcOutputs.orderActivity(out), equalTo(List.of(
        ORDER_ACTIVITY.get(0), "2024-06-01 12:01:00|2024-06-01 12:02:00|2|1|1|5|11.00")));
    // cdc_events is at least once across a kill, like Firehose: the re-read records are there twice.
    List<String> events = CdcOutputs.lines(out.resolve("cdc_events"));
    assertThat(events.size(), equalTo(8 + 9));
    assertThat(CdcOutputs.count(events).keySet().size(), equalTo(9));
    try (Stream<Path> runs = Files.list(out.resolve("_runs"))) {
      assertThat(runs.count(), equalTo(3L));
    }
    assertThat(Files.readString(out.resolve("_runs/r3.json")), not(containsString("Pw")));
  }

  /**
   * A change later than the allowed lateness is counted in late_records, left out of order_activity,
   * and still written to cdc_events and orders_current. Keys the database cannot hold are dead
   * letters; the run goes on.
   */
  @Test
  public void tooLateChangesAreCountedAndKeptAndOverlongKeysAreDeadLetters() throws Exception {
    File in = tmp.newFolder("in");
    // After this file the folder's watermark is T0+130: window [T0, T0+60) is closed (no lateness).
    write(new File(in, "01.jsonl"), String.join("\n",
        change("a1", "INSERT", "A", "1", T0 + 5, 1, "1.00"),
        change("b1", "INSERT", "B", "1", T0 + 130, 2, "1.00")) + "\n");
    write(new File(in, "02.jsonl"), String.join("\n",
        change("c1", "INSERT", "C", "1", T0 + 10, 3, "1.00"),
        change("d1", "INSERT", "D", "1", T0 + 125, 4, "1.00"),
        change("long-order", "INSERT", "O".repeat(65), "1", T0 + 125, 1, "1.00"),
        change("E".repeat(65), "INSERT", "E", "1", T0 + 125, 1, "1.00")) + "\n");
    Path out = tmp.getRoot().toPath().resolve("out");
    String summary = run("orders-cdc", "--input=" + in, "--output=" + out, "--stopAfterIdleSeconds=0",
        "--pollMillis=100", "--windowSeconds=60", "--allowedLatenessSeconds=0", "--runId=late");
    assertThat(summary, startsWith("orders-cdc run late: 6 records read: 4 written to cdc_events, 2 dead letters"));
    assertThat(summary, containsString("0 duplicates, 1 late records"));
    JsonNode counts = new ObjectMapper().readTree(out.resolve("_runs/late.json").toFile()).get("counts");
    assertThat(counts.get("late_records").asLong(), equalTo(1L));

    assertThat(CdcOutputs.query(out, "SELECT orderid FROM orders_current ORDER BY orderid"),
        equalTo(List.of("A", "B", "C", "D")));
    assertThat(CdcOutputs.orderActivity(out), equalTo(List.of(
        "2024-06-01 12:00:00|2024-06-01 12:01:00|1|0|0|1|1.00",
        "2024-06-01 12:02:00|2024-06-01 12:03:00|2|0|0|6|6.00")));
    assertThat(CdcOutputs.lines(out.resolve("cdc_events")).toString(), containsString("\"event_id\":\"c1\""));
    List<String> dead = CdcOutputs.deadLetters(out);
    assertThat(dead.size(), equalTo(2));
    assertThat(dead.toString(), containsString("\"error_type\":\"invalid_value\",\"error_field\":\"NewImage.orderId\""));
    assertThat(dead.toString(), containsString("\"error_type\":\"invalid_value\",\"error_field\":\"eventID\""));

    // The same files over a stop and a restart: the second run starts from the watermark the first
    // left (T0+130), so c1 is just as late, and the tables end the same.
    File first = tmp.newFolder("first");
    Files.copy(new File(in, "01.jsonl").toPath(), new File(first, "01.jsonl").toPath());
    Path split = tmp.getRoot().toPath().resolve("split");
    List<String> splitArgs = List.of("--output=" + split, "--stopAfterIdleSeconds=0", "--pollMillis=100",
        "--windowSeconds=60", "--allowedLatenessSeconds=0");
    List<String> one = new ArrayList<>(List.of("orders-cdc", "--input=" + first, "--runId=s1"));
    one.addAll(splitArgs);
    assertThat(run(one.toArray(new String[0])), containsString("0 late records"));
    Files.copy(new File(in, "02.jsonl").toPath(), new File(first, "02.jsonl").toPath());
    List<String> two = new ArrayList<>(List.of("orders-cdc", "--input=" + first, "--runId=s2"));
    two.addAll(splitArgs);
    assertThat(run(two.toArray(new String[0])), startsWith("orders-cdc run s2: 4 records read: 2 written"));
    assertThat(new ObjectMapper().readTree(split.resolve("_runs/s2.json").toFile()).get("counts").get("late_records").asLong(),
        equalTo(1L));
    assertThat(CdcOutputs.ordersCurrent(split), equalTo(CdcOutputs.ordersCurrent(out)));
    assertThat(CdcOutputs.orderActivity(split), equalTo(CdcOutputs.orderActivity(out)));
  }

  @Test
  public void aChangeFromTheFutureIsADeadLetterAndLeavesItsNeighboursOnTime() throws Exception {
    File in = tmp.newFolder("in");
    // Year 3000 (accepted as a time, years up to 9999 are): it used to move the folder's watermark
    // there, so that b1 in the next file, and every change of a later run, was too late.
    write(new File(in, "01.jsonl"), String.join("\n",
        change("a1", "INSERT", "A", "1", T0 + 5, 1, "1.00"),
        change("f1", "INSERT", "F", "1", 32_503_680_000L, 1, "1.00")) + "\n");
    write(new File(in, "02.jsonl"), change("b1", "INSERT", "B", "1", T0 + 10, 2, "1.00") + "\n");
    Path out = tmp.getRoot().toPath().resolve("out");
    String summary = run("orders-cdc", "--input=" + in, "--output=" + out, "--stopAfterIdleSeconds=0", "--pollMillis=100",
        "--windowSeconds=60", "--allowedLatenessSeconds=0", "--runId=r1");
    assertThat(summary, startsWith("orders-cdc run r1: 3 records read: 2 written to cdc_events, 1 dead letters"));
    assertThat(summary, containsString("0 late records"));
    assertThat(CdcOutputs.deadLetters(out).toString(),
        containsString("\"error_type\":\"invalid_value\",\"error_field\":\"dynamodb.ApproximateCreationDateTime\""));
    assertThat(CdcOutputs.orderActivity(out), equalTo(List.of("2024-06-01 12:00:00|2024-06-01 12:01:00|2|0|0|3|3.00")));

    // An output that a run before the bound left with the year-3000 watermark noted: that note is
    // ignored, and the next run's changes count.
    File poisoned = out.resolve("_state/cdc_files/before-the-bound").toFile();
    poisoned.mkdirs();
    write(new File(poisoned, "x.done"), "\"/gone/old.jsonl|1|1\"\n32503680000000\n");
    write(new File(poisoned, "_COMPLETE"), "before-the-bound\n");
    write(new File(in, "03.jsonl"), change("c1", "INSERT", "C", "1", T0 + 20, 3, "1.00") + "\n");
    assertThat(run("orders-cdc", "--input=" + in, "--output=" + out, "--stopAfterIdleSeconds=0",
        "--pollMillis=100", "--windowSeconds=60", "--allowedLatenessSeconds=0", "--runId=r2"),
        startsWith("orders-cdc run r2: 1 records read: 1 written to cdc_events, 0 dead letters"));
    assertThat(new ObjectMapper().readTree(out.resolve("_runs/r2.json").toFile()).get("counts").get("late_records").asLong(),
        equalTo(0L));
    assertThat(CdcOutputs.orderActivity(out), equalTo(List.of("2024-06-01 12:00:00|2024-06-01 12:01:00|3|0|0|6|6.00")));
  }
}

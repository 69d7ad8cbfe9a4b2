package io.salespipelines.pipelines.orders;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipelines.pipelines.EmbeddedS3;
import io.salespipelines.pipelines.Main;
import io.salespipelines.pipelines.TableRows;
import io.salespipelines.pipelines.generate.OrdersDataGenerator;
import io.salespipelines.pipelines.generate.OrdersGenerateOptions;
import io.salespipelines.schemas.OrdersTables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code orders-analytics} from {@code s3://} to {@code s3://} against s3proxy (embedded, in
 * memory), over a landing prefix that grows between two runs: the second run reads only the new
 * files, and the first run's fact tables back from S3 through the {@code *}{@code /*}{@code
 * /*.parquet} glob, for its duplicate check and its metrics. Every table, the dead letters and the
 * summed counts must equal one local run over all the files.
 */
public class OrdersAnalyticsS3Test {
  static {
    // Nothing here may ask the EC2 metadata service (a link-local address) for credentials or region.
    System.setProperty("aws.disableEc2Metadata", "true");
  }

  private static final String SECRET_KEY = "orders-s3-Secret-4Kd9Qx";
  private static final ObjectMapper JSON = new ObjectMapper();

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static EmbeddedS3 s3;
  private static Path landing;
  private static Path localOut;
  private static Path s3Out;
  private static List<String> outputs = new ArrayList<>();
  private static int[] exits = new int[3];
  private static List<String> firstBatch;
  private static List<String> secondBatch;

  @BeforeClass
  public static void runTwiceOnS3AndOnceLocally() throws Exception {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    s3 = EmbeddedS3.start("orders-s3-access", SECRET_KEY, "orders");
    Path data = TMP.newFolder("data").toPath();
    OrdersGenerateOptions options = new OrdersGenerateOptions();
    options.output = data.toString();
    options.rows = 1_200;
    options.badRate = 0.05;
    options.seed = 31;
    options.months = 6;
    OrdersDataGenerator.generate(options);
    landing = data.resolve("landing");

    List<Path> files;
    try (Stream<Path> walk = Files.walk(landing)) {
      files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
    // The first run sees the first three months and every other file; the second the rest.
    firstBatch = new ArrayList<>();
    secondBatch = new ArrayList<>();
    for (Path f : files) {
      String key = landing.relativize(f).toString().replace('\\', '/');
      boolean late = key.matches("orders_2025_0[4-6]\\..*");
      (late ? secondBatch : firstBatch).add(key);
    }
    assertThat(secondBatch.size(), equalTo(3));
    upload(firstBatch);
    exits[0] = run(s3.jobArgs("orders-analytics", "--input=" + s3.uri("in/landing"), "--output=" + s3.uri("out"),
        "--runId=first"));
    upload(secondBatch);
    exits[1] = run(s3.jobArgs("orders-analytics", "--input=" + s3.uri("in/landing"), "--output=" + s3.uri("out"),
        "--runId=second"));
    localOut = TMP.getRoot().toPath().resolve("local-out");
    exits[2] = run(new String[] {"orders-analytics", "--input=" + landing, "--output=" + localOut, "--runId=local"});
    s3Out = s3.download("out/", TMP.newFolder("s3-out").toPath());
  }

  @AfterClass
  public static void stopS3() throws Exception {
    if (s3 != null) {
      s3.close();
    }
  }

  private static void upload(List<String> keys) {
    for (String key : keys) {
      s3.upload(landing.resolve(key), "in/landing/" + key);
    }
  }

  private static int run(String[] args) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    int code;
    try (PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, ps, ps);
    }
    outputs.add(sink.toString(StandardCharsets.UTF_8));
    return code;
  }

  private static void assertRunsSucceeded() {
    for (int i = 0; i < exits.length; i++) {
      assertThat(outputs.get(i), exits[i], equalTo(0));
    }
  }

  @Test
  public void theSecondRunReadsOnlyTheNewFiles() throws IOException {
    assertRunsSucceeded();
    // The summary is the last line; progress lines come before it on a run longer than 5 s.
    List<String> lines = outputs.get(1).strip().lines().collect(Collectors.toList());
    assertThat(lines.get(lines.size() - 1), startsWith("orders-analytics run second: "));
    JsonNode second = JSON.readTree(s3.object("out/_runs/second.json"));
    List<String> read = new ArrayList<>();
    second.get("input_files").forEach(f -> read.add(f.get("path").asText()));
    Collections.sort(read);
    assertThat(read, equalTo(secondBatch.stream().map(k -> s3.uri("in/landing/" + k)).collect(Collectors.toList())));
  }

  @Test
  public void everyTableEqualsOneLocalRunOverAllFiles() throws IOException {
    assertRunsSucceeded();
    for (String table : OrdersTables.ALL_TABLE_NAMES) {
      if (table.equals(OrdersTables.DEAD_LETTER)) {
        continue;
      }
      List<String> local = TableRows.parquetRows(localOut.resolve(table));
      assertThat(table + " has rows", local.size(), greaterThan(0));
      TableRows.assertSameMultiset(table, local, TableRows.parquetRows(s3Out.resolve(table)));
    }
  }

  @Test
  public void theFactTablesHoldBothRunsFilesInTheirMonths() {
    assertRunsSucceeded();
    List<String> keys = s3.keys("out/" + OrdersTables.FACT_ORDERS.name() + "/");
    assertThat(keys, hasItem(startsWith("out/fact_orders/order_year=2025/order_month=01/part-first")));
    assertThat(keys, hasItem(startsWith("out/fact_orders/order_year=2025/order_month=06/part-second")));
    assertThat(keys.stream().filter(k -> k.contains("order_month=01/part-second")).count(), equalTo(0L));
  }

  @Test
  public void deadLettersAndCountsAddUpToTheLocalRun() throws IOException {
    assertRunsSucceeded();
    assertThat(deadLetters(s3Out, s3.uri("in/landing/")), equalTo(deadLetters(localOut, landing + "/")));
    Map<String, Long> s3Counts = new TreeMap<>();
    for (String run : List.of("first", "second")) {
      add(s3Counts, JSON.readTree(s3.object("out/_runs/" + run + ".json")).get("counts"));
    }
    Map<String, Long> localCounts = new TreeMap<>();
    add(localCounts, TableRows.runRecords(localOut).get(0).get("counts"));
    assertThat(s3Counts, equalTo(localCounts));
  }

  /** The generator's duplicates point back over months, so some in the second run's files are of orders the first run accepted. */
  @Test
  public void theSecondRunKnowsTheFirstRunsOrdersFromS3() throws IOException {
    assertRunsSucceeded();
    long fromEarlierRun = 0;
    for (String key : s3.keys("out/" + OrdersTables.DEAD_LETTER + "/")) {
      if (key.contains("second")) {
        for (String line : new String(s3.object(key), StandardCharsets.UTF_8).split("\n")) {
          if (line.contains("was already accepted from an earlier run")) {
            fromEarlierRun++;
          }
        }
      }
    }
    assertThat(fromEarlierRun, greaterThan(0L));
  }

  @Test
  public void successMarkersRunRecordsAndNoStagingOnS3() throws IOException {
    assertRunsSucceeded();
    List<String> keys = s3.keys("out/");
    for (String table : OrdersTables.ALL_TABLE_NAMES) {
      assertThat(keys, hasItem("out/" + table + "/_SUCCESS"));
    }
    assertThat(keys, hasItem("out/_runs/first.json"));
    assertThat(keys, hasItem("out/_runs/second.json"));
    assertThat(keys.stream().filter(k -> k.startsWith("out/_tmp/") || k.contains(".s3-preflight-"))
        .collect(Collectors.toList()), is(empty()));
    for (String key : s3.keys("out/_runs/")) {
      assertThat(new String(s3.object(key), StandardCharsets.UTF_8), not(org.hamcrest.Matchers.containsString(SECRET_KEY)));
    }
    for (String out : outputs) {
      assertThat(out, not(org.hamcrest.Matchers.containsString(SECRET_KEY)));
    }
  }

  /** Every count of a run record, flattened to "name" or "group/name", added into {@code sums}. */
  private static void add(Map<String, Long> sums, JsonNode counts) {
    for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isObject()) {
        e.getValue().fields().forEachRemaining(
            inner -> sums.merge(e.getKey() + "/" + inner.getKey(), inner.getValue().asLong(), Long::sum));
      } else {
        sums.merge(e.getKey(), e.getValue().asLong(), Long::sum);
      }
    }
    sums.values().removeIf(n -> n == 0);
  }

  /**
   * Sorted dead-letter lines without run_id and message (a duplicate's names the kept order's file,
   * or "an earlier run"), the landing prefix cut from the source.
   */
  private static List<String> deadLetters(Path output, String landingPrefix) throws IOException {
    List<String> lines = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(output.resolve(OrdersTables.DEAD_LETTER))) {
      files = walk.filter(f -> f.getFileName().toString().endsWith(".jsonl")).collect(Collectors.toList());
    }
    for (Path file : files) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          ObjectNode node = (ObjectNode) JSON.readTree(line);
          node.remove("run_id");
          node.remove("message");
          assertThat(node.get("source").asText(), startsWith(landingPrefix));
          lines.add(node.toString().replace(landingPrefix, "<landing>/"));
        }
      }
    }
    assertThat(lines.size(), greaterThan(0));
    Collections.sort(lines);
    return lines;
  }
}

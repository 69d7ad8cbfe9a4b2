package io.salespipelines.pipelines.orders;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.matchesPattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipelines.pipelines.Main;
import io.salespipelines.pipelines.TableRows;
import io.salespipelines.pipelines.generate.GenerateSummary;
import io.salespipelines.pipelines.generate.OrdersDataGenerator;
import io.salespipelines.pipelines.generate.OrdersGenerateOptions;
import io.salespipelines.pipelines.generate.OrdersSummary;
import io.salespipelines.schemas.OrdersTables;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code orders-analytics} end to end through the command line: every order accounted for by the
 * run's counts against what the generator wrote, the tables against the generator's totals, and
 * the run semantics of SPEC 1.4 (a growing landing zone, --reprocess, a crash) against one
 * undisturbed run.
 */
public class OrdersAnalyticsJobTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static Path landing;
  private static OrdersSummary generated;
  private static Path reference;
  private static String lastOutput = "";

  @BeforeClass
  public static void generateAndRunOnce() throws Exception {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    Path data = TMP.newFolder("data").toPath();
    OrdersGenerateOptions options = new OrdersGenerateOptions();
    options.output = data.toString();
    options.rows = 3_000;
    options.badRate = 0.04;
    options.seed = 17;
    options.months = 9;
    generated = OrdersDataGenerator.generate(options);
    landing = data.resolve("landing");
    reference = TMP.getRoot().toPath().resolve("reference");
    assertThat(run(landing, reference), equalTo(0));
  }

  static int run(Path input, Path output, String... extra) {
    List<String> args = new ArrayList<>(List.of("orders-analytics", "--input=" + input, "--output=" + output));
    args.addAll(List.of(extra));
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8);
    int code = Main.run(args.toArray(new String[0]), ps, ps);
    lastOutput = sink.toString(StandardCharsets.UTF_8);
    return code;
  }

  // -- Query layer (catalog and report), see publish/ and OrdersAnalyticsPublishable.
  @Test
  public void writesItsCatalogAndReport() throws Exception {
    Path catalog = reference.resolve("_catalog");
    String facts = java.nio.file.Files.readString(catalog.resolve("100_table_fact_orders.sql"));
    assertThat(facts, org.hamcrest.Matchers.containsString(
        "PARTITIONED BY (\n  `order_year` STRING,\n  `order_month` STRING\n)"));
    assertThat(facts, org.hamcrest.Matchers.containsString("'projection.order_month.range'='1,12'"));
    assertThat(facts, org.hamcrest.Matchers.containsString("`payment_amount` DECIMAL(18,2)"));
    assertThat(java.nio.file.Files.exists(catalog.resolve("108_table_dead_letter.sql")), equalTo(true));
    assertThat(java.nio.file.Files.exists(catalog.resolve("400_view_monthly_kpis.sql")), equalTo(true));
    String page = java.nio.file.Files.readString(reference.resolve("_report/index.html"));
    for (String section : List.of("revenue", "categories", "retention", "churn", "dead-letters")) {
      assertThat(section, page, org.hamcrest.Matchers.containsString("<section id=\"section-" + section + "\">"));
    }
    assertThat(page, org.hamcrest.Matchers.containsString("id=\"chart-retention\""));
  }

  /** Every table as sorted rows, keyed by table name. */
  static Map<String, List<String>> tables(Path output) throws Exception {
    Map<String, List<String>> tables = new TreeMap<>();
    for (String table : OrdersTables.ALL_TABLE_NAMES) {
      if (!table.equals(OrdersTables.DEAD_LETTER)) {
        tables.put(table, TableRows.parquetRows(output.resolve(table)));
      }
    }
    return tables;
  }

  static void assertSameTables(Path expected, Path actual) throws Exception {
    Map<String, List<String>> want = tables(expected);
    Map<String, List<String>> got = tables(actual);
    for (String table : want.keySet()) {
      TableRows.assertSameMultiset(table, want.get(table), got.get(table));
    }
  }

  @Test
  public void theRunsCountsAccountForEveryOrderTheGeneratorWrote() throws Exception {
    JsonNode counts = TableRows.runRecords(reference).get(0).get("counts");
    assertThat(counts.get("rows_read").asLong(), equalTo(generated.orders));
    assertThat(counts.get("valid").asLong(), equalTo(generated.goodOrders));
    long bad = 0;
    for (Map.Entry<String, Long> e : generated.badOrdersByType.entrySet()) {
      assertThat(e.getKey(), counts.at("/dead_letters_by_type/" + e.getKey()).asLong(), equalTo(e.getValue()));
      bad += e.getValue();
    }
    assertThat(counts.get("dead_letters").asLong(), equalTo(bad));
    assertThat(counts.get("rows_read").asLong(), equalTo(counts.get("valid").asLong() + bad));
    assertThat(counts.get("items_read").asLong(), equalTo(generated.goodItems));
    assertThat(counts.get("items_written").asLong(), equalTo(generated.goodItems));
    for (GenerateSummary.FileEntry f : generated.fileEntries) {
      if ("dead_letter".equals(f.outcome)) {
        assertThat(f.name, counts.at("/files_rejected_by_type/" + f.errorType).asLong(), greaterThan(0L));
      }
    }
    assertThat(lastOutputOfReference(), matchesPattern("(?s)orders-analytics run \\S+: " + generated.orders
        + " orders read: " + generated.goodOrders + " valid, " + bad + " dead letters.*"));
  }

  private static String referenceSummary;

  private static String lastOutputOfReference() throws Exception {
    if (referenceSummary == null) {
      Path again = TMP.newFolder("summary").toPath();
      // One-second progress lines; a run shorter than that prints none (it did on a fast machine).
      run(landing, again, "--progressSeconds=1");
      // When it printed progress, its last line counts the orders the parser read, as for sales-marts'
      // rows (ParseOrderFileTest checks the counters whatever the run's length).
      if (lastOutput.contains(": done in ")) {
        assertThat(lastOutput, matchesPattern("(?s).*done in \\d+ s: read \\d+ of \\d+ files, [1-9][\\d,]* rows.*"));
      }
      // The summary is the last line (progress and the report's location come before it).
      List<String> lines = lastOutput.strip().lines().collect(Collectors.toList());
      referenceSummary = lines.get(lines.size() - 1);
    }
    return referenceSummary;
  }

  @Test
  public void theTablesHoldWhatTheGeneratorWrote() throws Exception {
    List<String> orders = TableRows.parquetRows(reference.resolve(OrdersTables.FACT_ORDERS.name()));
    assertThat((long) orders.size(), equalTo(generated.goodOrders));
    for (String row : orders) {
      assertThat(row, matchesPattern("order_year=\\d{4}/order_month=(0[1-9]|1[0-2]) \\{.*"));
      assertThat(row.contains("\"order_year\""), equalTo(false));
    }
    assertThat((long) TableRows.parquetRows(reference.resolve(OrdersTables.FACT_ORDER_ITEMS.name())).size(),
        equalTo(generated.goodItems));
    BigDecimal revenue = BigDecimal.ZERO.setScale(2);
    long paidOrders = 0;
    Pattern money = Pattern.compile("\"orders\": (\\d+), \"revenue\": ([0-9.]+)");
    for (String row : TableRows.parquetRows(reference.resolve(OrdersTables.MONTHLY_REVENUE.name()))) {
      Matcher m = money.matcher(row);
      assertThat(row, m.find(), equalTo(true));
      paidOrders += Long.parseLong(m.group(1));
      revenue = revenue.add(new BigDecimal(m.group(2)));
    }
    assertThat(revenue, equalTo(generated.paidRevenue));
    assertThat(paidOrders, equalTo(generated.paidOrders));
    for (String table : OrdersTables.ALL_TABLE_NAMES) {
      assertThat(table + "/_SUCCESS", Files.exists(reference.resolve(table).resolve("_SUCCESS")), equalTo(true));
    }
    assertThat(TableRows.parquetRows(reference.resolve(OrdersTables.COHORT_RETENTION.name())).size(), greaterThan(9));
  }

  @Test
  public void aLandingZoneThatGrowsOverThreeRunsEndsLikeOneRun() throws Exception {
    Path grow = TMP.newFolder("growing-landing").toPath();
    Path out = TMP.newFolder("growing").toPath();
    List<Path> monthly = monthlyFiles();
    int third = monthly.size() / 3;
    List<List<Path>> batches =
        List.of(monthly.subList(0, third), monthly.subList(third, 2 * third), monthly.subList(2 * third, monthly.size()));
    for (Path f : otherEntries()) {
      Files.copy(f, grow.resolve(f.getFileName()));
    }
    for (List<Path> batch : batches) {
      for (Path f : batch) {
        Files.copy(f, grow.resolve(f.getFileName()));
      }
      assertThat(run(grow, out), equalTo(0));
    }
    assertThat(TableRows.runRecords(out).size(), equalTo(3));
    assertSameTables(reference, out);
  }

  /**
   * A run reads no earlier item line: it adds its items to the category_sales_monthly table earlier
   * runs left, so that table is needed, and a run over an output that lost it stops before it writes.
   */
  @Test
  public void aRunAddsItsItemsToTheCategoryTableEarlierRunsLeft() throws Exception {
    Path grow = TMP.newFolder("category-landing").toPath();
    Path out = TMP.newFolder("category").toPath();
    for (Path f : monthlyFiles()) {
      Files.copy(f, grow.resolve(f.getFileName()));
    }
    for (Path f : otherEntries()) {
      Files.copy(f, grow.resolve(f.getFileName()));
    }
    assertThat(run(grow, out), equalTo(0));
    Path categories = out.resolve(OrdersTables.CATEGORY_SALES_MONTHLY.name());
    Map<String, String> before = categoryRows(categories);
    assertThat(before, equalTo(categoryRows(reference.resolve(OrdersTables.CATEGORY_SALES_MONTHLY.name()))));
    String key = before.keySet().iterator().next();
    String month = key.substring(0, 7);
    String category = key.substring(8);
    Files.writeString(grow.resolve("orders_late.jsonl"), String.join("\n",
        lateOrder("LATE-1", month, "paid", category, 2, "0.01"),
        lateOrder("LATE-2", month, "paid", "zz-new", 1, "3.00"),
        lateOrder("LATE-3", month, "pending", category, 5, "9.00")) + "\n");
    assertThat(run(grow, out), equalTo(0));
    assertThat(lastOutput, containsString("3 orders read: 3 valid"));

    Map<String, String> expected = new TreeMap<>(before);
    String[] was = before.get(key).split("\\|");
    expected.put(key, (Long.parseLong(was[0]) + 2) + "|" + new BigDecimal(was[1]).add(new BigDecimal("0.02")));
    expected.put(month + "|zz-new", "1|3.00");
    assertThat(categoryRows(categories), equalTo(expected));

    Files.writeString(grow.resolve("orders_later.jsonl"), lateOrder("LATE-4", month, "paid", category, 1, "1.00") + "\n");
    deleteTree(categories);
    assertThat(run(grow, out), equalTo(2));
    assertThat(lastOutput, containsString(
        "the output has orders of earlier runs but no complete category_sales_monthly table"));
    assertThat(TableRows.runRecords(out).size(), equalTo(2));
  }

  /**
   * Two valid orders whose revenue together passes DECIMAL(18,2): the metrics could not be written,
   * and the run failed again on every retry. Now the run is done again in its exact form, and the
   * second order in file order is an invalid_value dead letter.
   */
  @Test
  public void paidOrdersPastWhatTheMetricsHoldAreDeadLettersNotAFailedRun() throws Exception {
    Path in = TMP.newFolder("huge-landing").toPath();
    Path out = TMP.newFolder("huge").toPath();
    Files.writeString(in.resolve("huge.jsonl"), String.join("\n",
        lateOrder("HUGE-1", "2025-01", "paid", "gold", 1, "9000000000000000.00"),
        lateOrder("HUGE-2", "2025-01", "paid", "gold", 1, "9000000000000000.00"),
        lateOrder("SMALL-1", "2025-02", "paid", "tea", 1, "0.01")) + "\n");
    assertThat(run(in, out), equalTo(0));
    assertThat(lastOutput, containsString("running the pipeline again in its exact form"));
    assertThat(lastOutput, containsString("3 orders read: 2 valid, 1 dead letters {invalid_value=1}"));
    assertThat(TableRows.deadLetters(out).toString(), containsString("HUGE-2"));
    assertThat(TableRows.parquetRows(out.resolve(OrdersTables.MONTHLY_REVENUE.name())).toString(),
        containsString("\"revenue\": 9000000000000000.00"));
    assertThat(categoryRows(out.resolve(OrdersTables.CATEGORY_SALES_MONTHLY.name())),
        equalTo(Map.of("2025-01|gold", "1|9000000000000000.00", "2025-02|tea", "1|0.01")));
  }

  private static String lateOrder(String id, String month, String status, String category, int quantity, String price) {
    return "{\"order_id\":\"" + id + "\",\"order_ts\":\"" + month + "-15T12:00:00Z\","
        + "\"customer\":{\"customer_id\":\"C-LATE\",\"country\":\"DE\"},\"payment\":{\"status\":\"" + status + "\"},"
        + "\"items\":[{\"product_id\":\"P-LATE\",\"category\":\"" + category + "\",\"quantity\":" + quantity
        + ",\"unit_price\":\"" + price + "\"}]}";
  }

  /** category_sales_monthly as "month|category" to "quantity|revenue". */
  private static Map<String, String> categoryRows(Path table) throws Exception {
    Pattern row = Pattern.compile(
        "\\{\"month\": \"([^\"]+)\", \"category\": \"([^\"]+)\", \"quantity\": (\\d+), \"revenue\": ([0-9.]+)\\}");
    Map<String, String> rows = new TreeMap<>();
    for (String text : TableRows.parquetRows(table)) {
      Matcher m = row.matcher(text.trim());
      assertThat(text, m.matches(), equalTo(true));
      rows.put(m.group(1) + "|" + m.group(2), m.group(3) + "|" + m.group(4));
    }
    return rows;
  }

  private static void deleteTree(Path folder) throws Exception {
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(p);
      }
    }
  }

  @Test
  public void reprocessingMakesEveryOrderADuplicateAndKeepsTheTables() throws Exception {
    Path out = TMP.newFolder("reprocess").toPath();
    assertThat(run(landing, out), equalTo(0));
    assertThat(run(landing, out), equalTo(0));
    assertThat(lastOutput, containsString(" 0 orders read"));
    assertThat(run(landing, out, "--reprocess"), equalTo(0));
    JsonNode counts = TableRows.runRecords(out).get(2).get("counts");
    assertThat(counts.get("valid").asLong(), equalTo(0L));
    assertThat(counts.at("/dead_letters_by_type/duplicate").asLong(),
        equalTo(generated.goodOrders + generated.badOrdersByType.getOrDefault("duplicate", 0L)));
    assertSameTables(reference, out);
  }

  @Test
  public void aRunKilledAfterThePipelineIsCompletedByTheNextOne() throws Exception {
    Path out = TMP.newFolder("crash").toPath();
    for (String failpoint : List.of("after-pipeline", "after-replace-monthly_revenue")) {
      List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
          "-Dsalespipelines.failpoint=" + failpoint, "-cp", System.getProperty("java.class.path"),
          Main.class.getName(), "orders-analytics", "--input=" + landing, "--output=" + out, "--reprocess"));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(new File(out + "-" + failpoint + ".log")).start();
      assertThat(p.waitFor(5, TimeUnit.MINUTES), equalTo(true));
      assertThat("killed at " + failpoint, p.exitValue(), equalTo(137));
    }
    // The first run died before its commit plan (its staging is removed); the second died halfway
    // through its commit, which the next run completes before doing its own (by then, nothing).
    assertThat(run(landing, out), equalTo(0));
    assertSameTables(reference, out);
    TableRows.assertSameMultiset("dead letters", TableRows.deadLetters(reference), TableRows.deadLetters(out));
  }

  private static List<Path> monthlyFiles() throws Exception {
    try (Stream<Path> files = Files.list(landing)) {
      return files.filter(f -> f.getFileName().toString().matches("orders_\\d{4}_\\d{2}\\..*"))
          .sorted().collect(Collectors.toList());
    }
  }

  private static List<Path> otherEntries() throws Exception {
    List<Path> monthly = monthlyFiles();
    try (Stream<Path> files = Files.list(landing)) {
      return files.filter(Files::isRegularFile).filter(f -> !monthly.contains(f)).collect(Collectors.toList());
    }
  }
}

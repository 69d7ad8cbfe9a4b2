package io.salespipelines.pipelines.orders;

import static io.salespipelines.pipelines.orders.ReferenceOrdersAnalytics.canon;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipelines.pipelines.Main;
import io.salespipelines.pipelines.generate.OrdersDataGenerator;
import io.salespipelines.pipelines.generate.OrdersGenerateOptions;
import io.salespipelines.pipelines.generate.OrdersSummary;
import io.salespipelines.pipelines.orders.ReferenceOrdersAnalytics.DeadLetterKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * End to end: a few thousand generated orders plus hand-written edge files (a leading cohort and
 * gap months, HALF_UP edges, a customer in two countries in one month, an offset that moves an
 * order into the last month, nulls, every missing-before-invalid case, duplicates across files and
 * inside a one-line array, a broken array and a truncated gzip) through {@code orders-analytics}
 * on the command line entry, and every table, the dead letters and the run's counts held row for
 * row against {@link ReferenceOrdersAnalytics}, an independent plain reading of SPEC 2.
 */
public class OrdersAnalyticsEndToEndTest {
  private static final int SHOW = 8;
  private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

  /** SPEC 2.2 columns of each Parquet table, in order; partition columns are folders, not columns. */
  static final Map<String, List<String>> COLUMNS = Map.of(
      "fact_orders", List.of("order_id", "customer_id", "country", "signup_date", "order_ts", "payment_method",
          "payment_status", "payment_amount", "item_count", "quantity", "order_total", "additional_fields"),
      "fact_order_items", List.of("order_id", "line_no", "customer_id", "product_id", "category", "quantity",
          "unit_price", "line_total"),
      "monthly_revenue", List.of("month", "orders", "revenue", "aov"),
      "revenue_mom", List.of("month", "revenue", "prev_revenue", "mom_growth_pct", "running_revenue"),
      "category_sales_monthly", List.of("month", "category", "quantity", "revenue"),
      "monthly_active_customers", List.of("month", "country", "active_customers"),
      "cohort_retention", List.of("cohort_month", "months_since", "cohort_size", "active_customers", "retention_pct"),
      "monthly_churn", List.of("month", "active_customers", "churned", "churn_pct"));

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static Path landing;
  private static Path out;
  private static OrdersSummary generated;
  private static int exitCode;
  private static String jobStdout;
  private static String jobStderr;
  private static ReferenceOrdersAnalytics.Result expected;
  private static Map<String, List<String>> expectedTables;

  @BeforeClass
  public static void generateRunAndCompute() throws Exception {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    Path data = TMP.newFolder("data").toPath();
    landing = data.resolve("landing");
    out = TMP.getRoot().toPath().resolve("out");
    OrdersGenerateOptions options = new OrdersGenerateOptions();
    options.output = data.toString();
    options.rows = 4_000;
    options.badRate = 0.03;
    options.seed = 2025;
    options.months = 9; // 2025-01 .. 2025-09
    generated = OrdersDataGenerator.generate(options);
    EdgeFiles.write(landing);

    // The reference only reads the landing files, so it runs beside the job.
    ExecutorService background = Executors.newSingleThreadExecutor();
    Future<ReferenceOrdersAnalytics.Result> reference;
    try {
      reference = background.submit(() -> {
        ReferenceOrdersAnalytics.Result result = ReferenceOrdersAnalytics.compute(landing);
        Map<String, List<String>> tables = new HashMap<>();
        for (String table : ReferenceOrdersAnalytics.TABLES) {
          tables.put(table, result.sortedRows(table));
        }
        expectedTables = tables;
        return result;
      });
    } finally {
      background.shutdown();
    }
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(stderr, true, StandardCharsets.UTF_8)) {
      exitCode = Main.run(new String[] {"orders-analytics", "--input=" + landing, "--output=" + out}, o, e);
    }
    jobStdout = stdout.toString(StandardCharsets.UTF_8);
    jobStderr = stderr.toString(StandardCharsets.UTF_8);
    expected = reference.get();
    System.out.print(jobStdout + jobStderr);
  }

  @Test
  public void factOrdersEqualsReference() throws IOException {
    assertTableEqualsReference("fact_orders");
  }

  @Test
  public void factOrderItemsEqualsReference() throws IOException {
    assertTableEqualsReference("fact_order_items");
  }

  @Test
  public void monthlyRevenueEqualsReference() throws IOException {
    assertTableEqualsReference("monthly_revenue");
  }

  @Test
  public void revenueMomEqualsReference() throws IOException {
    assertTableEqualsReference("revenue_mom");
  }

  @Test
  public void categorySalesMonthlyEqualsReference() throws IOException {
    assertTableEqualsReference("category_sales_monthly");
  }

  @Test
  public void monthlyActiveCustomersEqualsReference() throws IOException {
    assertTableEqualsReference("monthly_active_customers");
  }

  @Test
  public void cohortRetentionEqualsReference() throws IOException {
    assertTableEqualsReference("cohort_retention");
  }

  @Test
  public void monthlyChurnEqualsReference() throws IOException {
    assertTableEqualsReference("monthly_churn");
  }

  @Test
  public void deadLettersEqualReference() throws IOException {
    assertJobSucceeded();
    List<String> actual = new ArrayList<>();
    for (JsonNode d : readDeadLetters()) {
      String source = d.path("source").asText();
      actual.add(new DeadLetterKey(source.substring(source.lastIndexOf('/') + 1), d.path("line").asLong(-1),
          d.path("error_type").asText()).toString());
    }
    assertSameRows("dead_letter (file:line error_type)",
        expected.deadLetters.stream().map(DeadLetterKey::toString).collect(Collectors.toList()), actual);
  }

  @Test
  public void runCountsEqualReference() throws IOException {
    assertJobSucceeded();
    JsonNode counts = runRecord().path("counts");
    assertEquals("rows_read (orders)", expected.ordersRead, counts.path("rows_read").asLong(-1));
    assertEquals("valid", expected.accepted.size(), counts.path("valid").asLong(-1));
    assertEquals("dead_letters_by_type", expected.rowDeadLettersByType, nonZero(counts.path("dead_letters_by_type")));
    assertEquals("files_rejected_by_type", expected.filesRejectedByType,
        nonZero(counts.path("files_rejected_by_type")));
    assertEquals("items_read", expected.items(), counts.path("items_read").asLong(-1));
    assertEquals("items_written", expected.items(), counts.path("items_written").asLong(-1));
  }

  /** The generated part alone, as the generator meant it: the reference agrees with its intent. */
  @Test
  public void referenceAgreesWithTheGeneratorOnItsFiles() {
    long good = expected.accepted.stream().filter(o -> o.fileName.startsWith("orders_")).count();
    long duplicatesOfEdgeOrders = EdgeFiles.GENERATED_IDS_TAKEN_FIRST.size();
    assertThat(good + duplicatesOfEdgeOrders, equalTo(generated.goodOrders));
    Map<String, Long> bad = new TreeMap<>();
    expected.deadLetters.stream().filter(d -> d.fileName().matches("orders_\\d{4}_\\d{2}\\..*"))
        .forEach(d -> bad.merge(d.errorType(), 1L, Long::sum));
    Map<String, Long> intended = new TreeMap<>(generated.badOrdersByType);
    intended.merge("duplicate", duplicatesOfEdgeOrders, Long::sum);
    intended.values().removeIf(n -> n == 0);
    assertThat(bad, equalTo(intended));
  }

  /** The edges the files were written for show up in the job's tables as worked out by hand. */
  @Test
  public void theHandWrittenEdgesComeOutAsWorkedOutByHand() throws IOException {
    assertJobSucceeded();
    // HALF_UP: 0.05 / 2 orders = 0.025 -> 0.03 (HALF_EVEN would give 0.02); 0.005 -> 0.01.
    assertThat(jobRows("monthly_revenue"), hasItems(canon("2024-09", 32, "40.00", "1.25"),
        canon("2024-10", 2, "0.05", "0.03")));
    // Gap months: 0.00 revenue, -100.00 into the gap, null out of it.
    assertThat(jobRows("revenue_mom"), hasItems(canon("2024-09", "40.00", null, null, "40.00"),
        canon("2024-10", "0.05", "40.00", "-99.88", "40.05"), canon("2024-11", "0.00", "0.05", "-100.00", "40.05"),
        canon("2024-12", "0.00", "0.00", null, "40.05")));
    List<String> mom = jobRows("revenue_mom");
    assertThat(mom.get(mom.size() - 1), equalTo(
        canon("2025-12", "19.99", "37.50", "-46.69", lastRunning(mom))));
    // 1 of 32 back one month later and six months later: 3.125 -> 3.13; cut at the last month.
    assertThat(jobRows("cohort_retention"), hasItems(canon("2024-09", 0, 32, 32, "100.00"),
        canon("2024-09", 1, 32, 1, "3.13"), canon("2024-09", 6, 32, 1, "3.13"),
        canon("2025-11", 0, 3, 3, "100.00"), canon("2025-11", 1, 3, 1, "33.33")));
    assertThat(jobRows("cohort_retention").stream().filter(r -> r.startsWith("[\"2025-11\"")).count(),
        equalTo(2L));
    // A customer under DE and FR in one month counts once in ALL; an offset order lands in 2025-12.
    assertThat(jobRows("monthly_active_customers"), hasItems(canon("2025-11", "DE", 1), canon("2025-11", "FR", 1),
        canon("2025-11", "UNKNOWN", 2), canon("2025-11", "ALL", 3), canon("2025-12", "FR", 1),
        canon("2025-12", "ALL", 1)));
    assertThat(jobRows("monthly_churn"), hasItems(canon("2024-09", 32, 31, "96.88"),
        canon("2024-11", 0, 0, null), canon("2025-10", 0, 0, null), canon("2025-11", 3, 2, "66.67"),
        canon("2025-12", 1, null, null)));
    // Nulls and defaults: no country, category or signup date; one unit at -0.004 -> 0.00.
    assertThat(jobRows("fact_orders"), hasItem(canon("2025", "11", "E-502", "E-C42", "UNKNOWN", null,
        "2025-11-04T10:15:00.123456Z", null, "paid", null, 2, 2, "12.50",
        "{\"note\":null,\"tags\":[\"a\",\"b\"],\"z\":{\"a\":2.50,\"b\":1}}")));
    assertThat(jobRows("fact_order_items"), hasItems(
        canon("2025", "11", "E-502", 1, "E-C42", "P-9", "uncategorized", 1, "12.50", "12.50"),
        canon("2025", "11", "E-502", 2, "E-C42", "P-9", "uncategorized", 1, "0.00", "0.00"),
        canon("2024", "10", "E-133", 1, "E-C01", "P-1", "books", 1, "0.01", "0.01")));
  }

  @Test
  public void everyTableFolderHasSuccessMarker() {
    assertJobSucceeded();
    List<String> lacking = new ArrayList<>();
    for (String table : ReferenceOrdersAnalytics.TABLES) {
      if (!Files.isRegularFile(out.resolve(table).resolve("_SUCCESS"))) {
        lacking.add(table);
      }
    }
    if (!Files.isRegularFile(out.resolve("dead_letter").resolve("_SUCCESS"))) {
      lacking.add("dead_letter");
    }
    assertThat("table folders without _SUCCESS under " + out, lacking, is(empty()));
  }

  // ---------------------------------------------------------------- helpers

  private static String lastRunning(List<String> mom) {
    try {
      JsonNode last = ReferenceOrdersAnalytics.JSON.readTree(mom.get(mom.size() - 1));
      return last.get(4).asText();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertTableEqualsReference(String table) throws IOException {
    assertJobSucceeded();
    assertSameRows(table + " " + (table.startsWith("fact_") ? "[order_year, order_month (partitions), " : "[")
        + String.join(", ", COLUMNS.get(table)) + "]", expectedTables.get(table), jobRows(table));
  }

  private static void assertJobSucceeded() {
    assertEquals("orders-analytics exit code; stderr: " + jobStderr + " stdout: " + jobStdout, 0, exitCode);
  }

  /** Multiset equality, reporting the first rows missing and unexpected on each side. */
  static void assertSameRows(String table, List<String> expectedRows, List<String> actualRows) {
    Map<String, Integer> balance = new TreeMap<>();
    expectedRows.forEach(e -> balance.merge(e, 1, Integer::sum));
    actualRows.forEach(a -> balance.merge(a, -1, Integer::sum));
    List<String> missing = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    balance.forEach((row, n) -> {
      for (int i = 0; i < Math.abs(n); i++) {
        (n > 0 ? missing : unexpected).add(row);
      }
    });
    if (!missing.isEmpty() || !unexpected.isEmpty()) {
      fail(String.format("%s differs from the SPEC reference: reference has %d rows, job wrote %d;"
              + "%n  %d reference rows missing from the job's output, first: %s"
              + "%n  %d job rows the reference does not expect, first: %s",
          table, expectedRows.size(), actualRows.size(), missing.size(), first(missing), unexpected.size(),
          first(unexpected)));
    }
    assertThat(table + " is empty", actualRows.size(), greaterThan(0));
  }

  private static String first(List<String> items) {
    return items.stream().limit(SHOW).collect(Collectors.joining("\n      ", "\n      ", ""));
  }

  private static Map<String, Long> nonZero(JsonNode counts) {
    Map<String, Long> map = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().asLong() != 0) {
        map.put(e.getKey(), e.getValue().asLong());
      }
    }
    return map;
  }

  private static JsonNode runRecord() throws IOException {
    List<Path> records;
    try (Stream<Path> files = Files.list(out.resolve("_runs"))) {
      records = files.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
    }
    assertThat("run records under " + out.resolve("_runs"), records.size(), equalTo(1));
    return ReferenceOrdersAnalytics.JSON.readTree(records.get(0).toFile());
  }

  private static List<JsonNode> readDeadLetters() throws IOException {
    List<JsonNode> letters = new ArrayList<>();
    for (Path file : dataFiles(out.resolve("dead_letter"), ".jsonl")) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          letters.add(ReferenceOrdersAnalytics.JSON.readTree(line));
        }
      }
    }
    return letters;
  }

  /** Data files under a table folder, skipping anything whose name starts with '_' or '.'. */
  private static List<Path> dataFiles(Path table, String suffix) throws IOException {
    if (!Files.isDirectory(table)) {
      fail("no table folder " + table);
    }
    try (Stream<Path> walk = Files.walk(table)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .filter(p -> {
            for (Path part : table.relativize(p)) {
              if (part.toString().startsWith("_") || part.toString().startsWith(".")) {
                return false;
              }
            }
            return true;
          })
          .sorted()
          .toList();
    }
  }

  private static final Map<String, List<String>> JOB_TABLES = new HashMap<>();

  /**
   * A table of the job's output as {@link ReferenceOrdersAnalytics#canon} rows, read with the
   * Parquet library (not the project's readers): partition folder values first for the fact
   * tables, then the SPEC columns in order; the files must hold exactly those columns.
   */
  static synchronized List<String> jobRows(String table) throws IOException {
    List<String> cached = JOB_TABLES.get(table);
    if (cached == null) {
      cached = readTable(out.resolve(table), table);
      JOB_TABLES.put(table, cached);
    }
    return cached;
  }

  static List<String> readTable(Path folder, String table) throws IOException {
    List<String> columns = COLUMNS.get(table);
    List<String> rows = new ArrayList<>();
    Configuration conf = new Configuration();
    for (Path file : dataFiles(folder, ".parquet")) {
      List<String> partition = new ArrayList<>();
      Path parent = folder.relativize(file).getParent();
      if (parent != null) {
        for (Path part : parent) {
          partition.add(part.toString().substring(part.toString().indexOf('=') + 1));
        }
      }
      try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
              HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toString()), conf))
          .withDataModel(GenericData.get())
          .build()) {
        for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
          List<String> names = record.getSchema().getFields().stream().map(Schema.Field::name).toList();
          if (!names.equals(columns)) {
            fail(file + " has columns " + names + ", SPEC 2.2 says " + columns);
          }
          List<Object> values = new ArrayList<>(partition);
          for (Schema.Field field : record.getSchema().getFields()) {
            values.add(text(record.get(field.pos()), field.schema(), field.name()));
          }
          rows.add(canon(values.toArray()));
        }
      }
    }
    rows.sort(null);
    return rows;
  }

  private static String text(Object value, Schema schema, String column) throws IOException {
    if (value == null) {
      return null;
    }
    if (schema.getType() == Schema.Type.UNION) {
      schema = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow();
    }
    LogicalType logical = schema.getLogicalType();
    if (logical instanceof LogicalTypes.Decimal) {
      BigDecimal amount = value instanceof BigDecimal b ? b
          : value instanceof ByteBuffer buffer ? DECIMALS.fromBytes(buffer.duplicate(), schema, logical)
          : DECIMALS.fromFixed((GenericFixed) value, schema, logical);
      return amount.toPlainString();
    }
    if (logical instanceof LogicalTypes.Date) {
      return value instanceof LocalDate d ? d.toString() : LocalDate.ofEpochDay(((Number) value).longValue()).toString();
    }
    if (logical instanceof LogicalTypes.TimestampMicros) {
      return value instanceof Instant i ? i.toString()
          : Instant.EPOCH.plus(((Number) value).longValue(), ChronoUnit.MICROS).toString();
    }
    if (column.equals("additional_fields")) {
      return ReferenceOrdersAnalytics.canonicalJson(ReferenceOrdersAnalytics.JSON.readTree(value.toString()));
    }
    return value.toString();
  }

  /**
   * The hand-written landing files. Generated orders cover 2025-01..2025-09; these add a cohort
   * of 32 in 2024-09 and gap months 2024-11/12 before them, gap 2025-10 and last months 2025-11/12
   * after them, and one file per kind of trouble.
   */
  static final class EdgeFiles {
    /** Ids of generated orders that an edge file (read first, by name) takes first. */
    static final List<String> GENERATED_IDS_TAKEN_FIRST = List.of("O-2");

    private EdgeFiles() {}

    static String order(String id, String ts, String customer, String country, String status, String... items) {
      return "{\"order_id\":\"" + id + "\",\"order_ts\":\"" + ts + "\",\"customer\":{\"customer_id\":\"" + customer
          + "\"" + (country == null ? "" : ",\"country\":\"" + country + "\"") + "},\"payment\":{\"method\":\"card\","
          + "\"status\":\"" + status + "\"},\"items\":[" + String.join(",", items) + "]}";
    }

    static String item(String product, String category, String quantity, String price) {
      return "{\"product_id\":\"" + product + "\",\"category\":\"" + category + "\",\"quantity\":" + quantity
          + ",\"unit_price\":\"" + price + "\"}";
    }

    static void write(Path landing) throws IOException {
      // A BOM, CRLF and a whitespace-only line; the early cohort, HALF_UP edges and the gaps.
      List<String> early = new ArrayList<>();
      for (int c = 1; c <= 32; c++) {
        early.add(order(String.format("E-%03d", 100 + c), "2024-09-" + String.format("%02d", 1 + c % 28) + "T09:00:00Z",
            String.format("E-C%02d", c), "DE", "paid", item("P-1", "books", "1", "1.25")));
      }
      early.add("  \t");
      early.add(order("E-133", "2024-10-05T12:00:00Z", "E-C01", "DE", "paid", item("P-1", "books", "1", "0.005")));
      early.add(order("E-134", "2024-10-06", "E-C33", "NL", "paid", item("P-2", "toys", "1", "0.04"))
          .replace("\"method\":\"card\"", "\"method\":\"card\",\"amount\":\"12.345\""));
      early.add(order("E-135", "2024-11-10T10:00:00Z", "E-C02", "DE", "pending", item("P-1", "books", "1", "9.99")));
      early.add(order("E-136", "2025-03-10T10:00:00+01:00", "E-C05", "DE", "Paid ", item("P-1", "books", "1", "3.00")));
      Files.writeString(landing.resolve("edge_early.jsonl"), "\uFEFF" + String.join("\r\n", early) + "\r\n");

      // A pretty-printed array after blank lines: the late months, two countries, nulls, extras.
      String late = String.join(",\n  ",
          order("E-500", "2025-11-02T08:00:00Z", "E-C40", "de", "paid", item("P-3", "games", "1", "10.00")),
          order("E-501", "2025-11-03T10:15", "E-C40", "FR", "paid", item("P-3", "games", "1", "5.00")),
          "{\"order_id\":\"E-502\",\"order_ts\":\"2025-11-04T10:15:00.1234567Z\",\"customer\":{\"customer_id\":\"E-C42\","
              + "\"signup_date\":null},\"payment\":{\"method\":null,\"status\":\"paid\",\"amount\":null},\"items\":["
              + "{\"product_id\":\"P-9\",\"quantity\":1,\"unit_price\":12.50},{\"product_id\":\"P-9\",\"category\":\"\","
              + "\"quantity\":\"1\",\"unit_price\":\"-0.004\"}],\"z\":{\"b\":1,\"a\":2.50},\"note\":null,\"tags\":[\"a\",\"b\"]}",
          order("E-503", "2025-11-05T10:00:00Z", "E-C41", "", "paid", item("P-4", "kitchen", "2", "5.00")),
          "\"not an order\"",
          // 23:30 at -02:00 on 30 November is 01:30 UTC on 1 December: the last month.
          order("E-504", "2025-11-30T23:30:00-02:00", "E-C40", "FR", "paid", item("P-3", "games", "1", "19.99")),
          order("E-505", "2026-01-15T10:00:00Z", "E-C43", "DE", "pending", item("P-3", "games", "1", "1.00")));
      Files.writeString(landing.resolve("edge_late.json"), "\n\n[\n  " + late + "\n]\n");

      // One line, three orders: a duplicate on the same line and a bad quantity.
      Files.writeString(landing.resolve("edge_oneline.json"), "[" + String.join(",",
          order("E-200", "2025-05-01T10:00:00Z", "E-C50", "ES", "paid", item("P-5", "sports", "1", "7.00")),
          order("E-200", "2025-05-02T10:00:00Z", "E-C51", "ES", "paid", item("P-5", "sports", "1", "8.00")),
          order("E-201", "2025-05-03T10:00:00Z", "E-C51", "ES", "paid", item("P-5", "sports", "2.0", "8.00")),
          order("E-202", "2025-05-04T10:00:00Z", "E-C51", "ES", "paid", item("P-5", "sports", "1", "8.00")))
          .replace("\"order_id\":\"E-202\"", "\"order_id\":9000123") + "]");

      // Every missing-before-invalid case, nulls, duplicate keys, a generated id taken first.
      List<String> bad = List.of(
          order("E-300", "2025-02-01T10:00:00Z", "E-C60", "DE", "paid", item("P-1", "books", "1", "1.00"))
              .replace("\"order_id\":\"E-300\"", "\"order_id\":null"),
          "{\"order_id\":\"E-301\",\"order_ts\":\"2025-02-01\",\"customer\":null,\"payment\":{\"status\":\"paid\"},"
              + "\"items\":[" + item("P-1", "books", "1", "1.00") + "]}",
          "{\"order_id\":\"E-302\",\"order_ts\":\"2025-02-01\",\"customer\":{\"customer_id\":\"E-C60\"},"
              + "\"payment\":{\"status\":\"paid\"},\"items\":\"\"}",
          "{\"order_id\":\"E-303\",\"order_ts\":\"2025-02-01\",\"customer\":{\"customer_id\":\"E-C60\"},"
              + "\"payment\":{\"status\":\"paid\"},\"items\":[]}",
          "{\"order_id\":\"E-304\",\"order_ts\":\"2025-02-01\",\"customer\":{\"customer_id\":\"E-C60\"},"
              + "\"payment\":{\"status\":\"paid\"},\"items\":" + item("P-1", "books", "1", "1.00") + "}",
          "{\"order_id\":\"E-305\",\"order_ts\":\"2025-02-01\",\"customer\":{\"customer_id\":\"E-C60\"},"
              + "\"payment\":{\"status\":\"paid\"},\"items\":[null]}",
          order("E-306", "2025-02-01", "E-C60", "DE", "  ", item("P-1", "books", "1", "1.00")),
          order("E-307", "2025-02-01", "E-C60", "DE", "paid", item("P-1", "books", "2.0", "1.00"),
              item("", "books", "1", "1.00")),
          order("E-308", "2024-02-30", "E-C60", "DE", "", item("P-1", "books", "1", "1.00")),
          order("E-309", "2025-02-01", "E-C60", "DE", "paid", item("P-1", "books", "\"3\"", "1.00")),
          order("E-310", "2025-02-01", "E-C60", "DE", "paid", item("P-1", "books", "0", "1.00")),
          order("E-311", "2025-02-01", "E-C60", "DE", "paid", item("P-1", "books", "-1", "1.00")),
          order("E-312", "2025-02-01", "E-C60", "DE", "paid", item("P-1", "books", "1", "-0.005")),
          order("E-313", "2025-02-01", "E-C60", "DE", "paid", item("P-1", "books", "1", "1,50")),
          order("E-314", "2025-02-01", "E-C60", "DE", "paid", item("P-1", "books", "1", "1.00"))
              .replace("\"customer_id\":\"E-C60\"", "\"customer_id\":\"E-C60\",\"signup_date\":\"2024-02-30\""),
          order("E-315", "2025-02-01", "E-C60", "DE", "paid", item("P-1", "books", "1", "1.00"))
              .replace("\"method\":\"card\"", "\"method\":\"card\",\"amount\":\"n/a\""),
          order("E-316", "2025-02-01", "E-C60", "DE", "paid", item("P-1", "books", "1", "1.00"))
              .replace("\"country\":\"DE\"", "\"country\":{\"code\":\"DE\"}"),
          "{\"order_id\":\"E-317\",\"order_ts\":\"2025-02-01\",\"customer\":{\"customer_id\":\"E-C60\"},"
              + "\"payment\":{\"status\":\"paid\"},\"items\":[" + item("P-1", "books", "1", "1.00") + "],"
              + "\"order_id\":\"E-318\"}",
          order("O-2", "2025-01-20T10:00:00Z", "E-C61", "PL", "paid", item("P-1", "books", "1", "2.00")),
          "not json {",
          "[1, 2]",
          "\"just a string\"");
      Files.writeString(landing.resolve("edge_bad.ndjson"), String.join("\n", bad) + "\n");

      // An array that breaks off: the order before the break stands, one malformed at line 0.
      Files.writeString(landing.resolve("edge_broken_array.json"), "[\n  "
          + order("E-400", "2025-06-01T10:00:00Z", "E-C70", "IT", "paid", item("P-6", "beauty", "1", "4.00"))
          + ",\n  {\"order_id\": \"E-401\", \"order_ts\": ");
      // A gzip cut short: the whole lines before the cut stand, one malformed at line 0.
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      try (OutputStream z = new GZIPOutputStream(gz)) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 200; i++) {
          lines.append(order("E-" + (600 + i), "2025-07-0" + (1 + i % 9) + "T10:00:00Z", "E-C8" + (i % 10), "GB",
              i % 3 == 0 ? "pending" : "paid", item("P-7", "garden", "1", (i + 1) + ".00"))).append('\n');
        }
        z.write(lines.toString().getBytes(StandardCharsets.UTF_8));
      }
      byte[] whole = gz.toByteArray();
      Files.write(landing.resolve("edge_truncated.json.gz"), Arrays.copyOf(whole, whole.length * 2 / 3));

      Files.writeString(landing.resolve("EDGE_UPPER.JSONL"),
          order("E-700", "2025-08-08T08:08:08Z", "E-C90", "US", "paid", item("P-8", "toys", "1", "8.08")) + "\n");
      Files.writeString(landing.resolve("edge_notes.txt"), "not orders\n");
      Files.createDirectories(landing.resolve("edge_sub"));
      Files.writeString(landing.resolve("edge_sub").resolve("orders.json"),
          order("E-800", "2025-08-08", "E-C91", "US", "paid", item("P-8", "toys", "1", "1.00")) + "\n");
    }
  }
}

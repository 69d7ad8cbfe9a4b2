package io.salespipelines.pipelines.salesmarts;

import static io.salespipelines.pipelines.salesmarts.ReferenceSalesMarts.canon;
import static io.salespipelines.pipelines.salesmarts.ReferenceSalesMarts.canonicalJson;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipelines.pipelines.Main;
import io.salespipelines.pipelines.generate.GenerateOptions;
import io.salespipelines.pipelines.generate.SalesDataGenerator;
import io.salespipelines.pipelines.salesmarts.ReferenceSalesMarts.DeadLetterKey;
import io.salespipelines.pipelines.salesmarts.ReferenceSalesMarts.Sale;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
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
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
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
 * End to end: generate 200,000 rows (2 % bad) with the {@code generate} job's generator, run
 * {@code sales-marts} through the command line entry, and hold every output against {@link
 * ReferenceSalesMarts}, an independent plain reading of SPEC 1.1–1.3, and against the generator's
 * own record of what it meant each bad row to be ({@code _generator.json}).
 */
public class SalesMartsEndToEndTest {
  private static final long ROWS = 200_000;
  private static final double BAD_RATE = 0.02;
  private static final long SEED = 20250610L;
  private static final int SHOW = 8;
  private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static Path landing;
  private static Path out;
  private static JsonNode generatorSummary;
  private static volatile long referenceMillis;
  private static int exitCode;
  private static String jobStdout;
  private static String jobStderr;
  private static ReferenceSalesMarts.Result expected;
  /** The reference's tables, computed while the job runs. */
  private static Map<String, List<String>> expectedTables;

  @BeforeClass
  public static void generateRunAndCompute() throws Exception {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    Path data = TMP.newFolder("data").toPath();
    landing = data.resolve("landing");
    out = TMP.getRoot().toPath().resolve("out");

    long t0 = System.nanoTime();
    GenerateOptions options = new GenerateOptions();
    options.output = data.toString();
    options.rows = ROWS;
    options.badRate = BAD_RATE;
    options.seed = SEED;
    SalesDataGenerator.generate(options);
    generatorSummary = ReferenceSalesMarts.JSON.readTree(data.resolve("_generator.json").toFile());

    // The reference only reads the landing and dimension files, so it can run beside the job.
    long t1 = System.nanoTime();
    ExecutorService background = Executors.newSingleThreadExecutor();
    Future<ReferenceSalesMarts.Result> reference;
    try {
      reference = background.submit(() -> {
        long r0 = System.nanoTime();
        ReferenceSalesMarts.Result result =
            ReferenceSalesMarts.compute(landing, data.resolve("dimensions"));
        Map<String, List<String>> tables = new HashMap<>();
        tables.put("store_product_sales", result.storeProductSales());
        tables.put("customer_mart", result.customerMart());
        tables.put("sales_team_mart", result.salesTeamMart());
        tables.put("customer_monthly_spend", result.customerMonthlySpend());
        tables.put("sales_team_incentive", result.salesTeamIncentive());
        expectedTables = tables;
        referenceMillis = (System.nanoTime() - r0) / 1_000_000;
        return result;
      });
    } finally {
      background.shutdown();
    }
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(stderr, true, StandardCharsets.UTF_8)) {
      exitCode = Main.run(new String[] {"sales-marts", "--input=" + landing, "--output=" + out},
          o, e);
    }
    jobStdout = stdout.toString(StandardCharsets.UTF_8);
    jobStderr = stderr.toString(StandardCharsets.UTF_8);

    long t2 = System.nanoTime();
    expected = reference.get();
    long t3 = System.nanoTime();
    System.out.printf("generate %d ms, sales-marts %d ms (exit %d), reference %d ms (beside the "
            + "job; waited %d ms more)%n%s%s", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
        exitCode, referenceMillis, (t3 - t2) / 1_000_000, jobStdout, jobStderr);
  }

  @Test
  public void jobExitsWithZero() {
    assertJobSucceeded();
  }

  /** Real sales are far from DECIMAL(18,2): the pipeline runs once, on the path without the check. */
  @Test
  public void ordinarySalesRunThePipelineOnce() {
    assertJobSucceeded();
    assertThat(jobStdout, not(containsString("running the pipeline again")));
  }

  @Test
  public void storeProductSalesEqualsReference() throws IOException {
    assertJobSucceeded();
    List<String> actual = new ArrayList<>();
    for (TableRow r : readTable("store_product_sales")) {
      actual.add(canon(r.get("store_id"), r.get("store_name"), r.get("location"),
          r.get("product_id"), r.get("total_sales"), r.get("transaction_count")));
    }
    assertSameRows("store_product_sales [store_id, store_name, location, product_id, "
        + "total_sales, transaction_count]", expectedTables.get("store_product_sales"), actual);
  }

  @Test
  public void customerMartEqualsReference() throws IOException {
    assertJobSucceeded();
    List<String> actual = new ArrayList<>();
    for (TableRow r : readTable("customer_mart")) {
      actual.add(canon(r.get("transaction_id"), r.get("customer_id"), r.get("first_name"),
          r.get("last_name"), r.get("address"), r.get("pincode"), r.get("phone_number"),
          r.get("sales_date"), r.get("total_cost"), additionalColumns(r)));
    }
    assertSameRows("customer_mart [transaction_id, customer_id, first_name, last_name, address, "
        + "pincode, phone_number, sales_date, total_cost, additional_columns]",
        expectedTables.get("customer_mart"), actual);
  }

  @Test
  public void salesTeamMartEqualsReferenceAndSitsInItsPartitions() throws IOException {
    assertJobSucceeded();
    List<TableRow> rows = readTable("sales_team_mart");
    Map<String, Sale> reference = expected.validById();
    List<String> misplaced = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    for (TableRow r : rows) {
      String month = r.partition("sales_month");
      String store = r.partition("store_id");
      String date = r.get("sales_date");
      Sale sale = reference.get(r.get("transaction_id"));
      boolean monthOk = date != null && month != null && month.equals(date.substring(0, 7));
      boolean storeOk = sale == null || sale.storeId.equals(store);
      if (!monthOk || !storeOk) {
        misplaced.add(r.path + " holds " + r.get("transaction_id") + " sold " + date
            + (sale == null ? "" : " in store " + sale.storeId));
      }
      actual.add(canon(month, store, r.get("transaction_id"), r.get("sales_person_id"),
          r.get("first_name"), r.get("last_name"), date, r.get("total_cost")));
    }
    assertThat("sales_team_mart rows whose partition sales_month=YYYY-MM/store_id=… does not "
        + "match their sales_date month and store (" + misplaced.size() + " of " + rows.size()
        + "), first: " + first(misplaced), misplaced, is(empty()));
    assertSameRows("sales_team_mart [sales_month (partition), store_id (partition), "
        + "transaction_id, sales_person_id, first_name, last_name, sales_date, total_cost]",
        expectedTables.get("sales_team_mart"), actual);
  }

  @Test
  public void customerMonthlySpendEqualsReference() throws IOException {
    assertJobSucceeded();
    List<String> actual = new ArrayList<>();
    for (TableRow r : readTable("customer_monthly_spend")) {
      actual.add(canon(r.get("customer_id"), r.get("first_name"), r.get("last_name"),
          r.get("year"), r.get("month"), r.get("monthly_total")));
    }
    assertSameRows("customer_monthly_spend [customer_id, first_name, last_name, year, month, "
        + "monthly_total]", expectedTables.get("customer_monthly_spend"), actual);
  }

  @Test
  public void salesTeamIncentiveEqualsReference() throws IOException {
    assertJobSucceeded();
    List<String> actual = new ArrayList<>();
    for (TableRow r : readTable("sales_team_incentive")) {
      actual.add(canon(r.get("store_id"), r.get("sales_person_id"), r.get("first_name"),
          r.get("last_name"), r.get("year"), r.get("month"), r.get("total_sales"),
          r.get("incentive")));
    }
    assertSameRows("sales_team_incentive [store_id, sales_person_id, first_name, last_name, year, "
        + "month, total_sales, incentive]", expectedTables.get("sales_team_incentive"), actual);
  }

  @Test
  public void deadLettersEqualReference() throws IOException {
    assertJobSucceeded();
    String runId = runRecord().get("run_id").asText();
    List<String> actual = new ArrayList<>();
    List<String> badRunIds = new ArrayList<>();
    for (JsonNode d : readDeadLetters()) {
      String source = d.path("source").asText();
      String fileName = source.substring(source.lastIndexOf('/') + 1);
      actual.add(new DeadLetterKey(fileName, d.path("line").asLong(-1),
          d.path("error_type").asText()).toString());
      if (!runId.equals(d.path("run_id").asText())) {
        badRunIds.add(d.toString());
      }
    }
    List<String> reference =
        expected.deadLetters.stream().map(DeadLetterKey::toString).collect(Collectors.toList());
    assertSameRows("dead_letter (source file name:line error_type)", reference, actual);
    assertThat("dead letters whose run_id is not the run's " + runId + ", first: "
        + first(badRunIds), badRunIds, is(empty()));
  }

  @Test
  public void runRecordCountsAddUpAndEqualReference() throws IOException {
    assertJobSucceeded();
    JsonNode counts = runRecord().path("counts");
    long rowsRead = counts.path("rows_read").asLong(-1);
    long valid = counts.path("valid").asLong(-1);
    long deadLetters = counts.path("dead_letters").asLong(-1);
    assertEquals("_runs: rows_read must be valid + dead_letters (" + counts + ")",
        valid + deadLetters, rowsRead);
    assertEquals("_runs: counts.valid vs the reference's valid rows", expected.valid.size(), valid);
    assertEquals("_runs: counts.dead_letters vs the reference's row-level dead letters",
        expected.deadLetterRows(), deadLetters);
    assertEquals("_runs: counts.rows_read vs the data rows the reference read",
        expected.rowsRead, rowsRead);
    assertEquals("_runs: counts.dead_letters_by_type vs the reference",
        expected.rowDeadLettersByType, nonZero(counts.path("dead_letters_by_type")));
    assertEquals("_runs: counts.files_rejected_by_type vs the reference",
        expected.filesRejectedByType, nonZero(counts.path("files_rejected_by_type")));
  }

  /** The generator's intent, independent of both the job and the reference. */
  @Test
  public void runRecordAndReferenceMatchGeneratorIntent() throws IOException {
    assertJobSucceeded();
    long goodRows = generatorSummary.path("goodRows").asLong(-1);
    Map<String, Long> badRows = nonZero(generatorSummary.path("badRowsByType"));
    Map<String, Long> fileDeadLetters = nonZero(generatorSummary.path("fileDeadLetters"));
    assertEquals("_generator.json dataRows", ROWS, generatorSummary.path("dataRows").asLong());

    assertEquals("reference valid rows vs _generator.json goodRows", goodRows,
        expected.valid.size());
    assertEquals("reference row-level dead letters vs _generator.json badRowsByType", badRows,
        expected.rowDeadLettersByType);
    assertEquals("reference whole-file dead letters vs _generator.json fileDeadLetters",
        fileDeadLetters, expected.filesRejectedByType);
    assertEquals("reference sum of valid total_cost vs _generator.json goodTotalCost",
        generatorSummary.path("goodTotalCost").decimalValue().setScale(2),
        expected.valid.stream().map(s -> s.totalCost).reduce(BigDecimal.ZERO, BigDecimal::add)
            .setScale(2));

    JsonNode counts = runRecord().path("counts");
    assertEquals("_runs: counts.valid vs _generator.json goodRows", goodRows,
        counts.path("valid").asLong(-1));
    assertEquals("_runs: counts.dead_letters_by_type vs _generator.json badRowsByType", badRows,
        nonZero(counts.path("dead_letters_by_type")));
    assertEquals("_runs: counts.files_rejected_by_type vs _generator.json fileDeadLetters",
        fileDeadLetters, nonZero(counts.path("files_rejected_by_type")));
  }

  @Test
  public void additionalColumnsKeepTheExtraCsvColumns() throws IOException {
    assertJobSucceeded();
    // A valid row of a CSV file with extra columns, preferably one whose note spans lines.
    Sale sample = null;
    for (Sale s : expected.valid) {
      boolean csv = s.fileName.toLowerCase().matches(".*\\.csv(\\.gz)?");
      if (csv && s.additional.size() > 0
          && (sample == null || s.additional.path("note").asText().contains("\n"))) {
        sample = s;
        if (s.additional.path("note").asText().contains("\n")) {
          break;
        }
      }
    }
    assertNotNull("the generated landing zone has no CSV file with extra columns", sample);
    TableRow row = null;
    for (TableRow r : readTable("customer_mart")) {
      if (sample.transactionId.equals(r.get("transaction_id"))) {
        row = r;
        break;
      }
    }
    assertNotNull("customer_mart lacks transaction " + sample.transactionId + " ("
        + sample.fileName + " line " + sample.line + ")", row);
    String text = row.get("additional_columns");
    assertNotNull("additional_columns of " + sample.transactionId + " is null", text);
    JsonNode json = ReferenceSalesMarts.JSON.readTree(text);
    assertTrue("additional_columns of " + sample.transactionId + " is not a JSON object: " + text,
        json.isObject());
    assertEquals("additional_columns keys of " + sample.transactionId + " (" + sample.fileName
        + " line " + sample.line + ")", new TreeMap<>(toMap(sample.additional)).keySet(),
        new TreeMap<>(toMap(json)).keySet());
    assertEquals("additional_columns of " + sample.transactionId + " (" + sample.fileName
        + " line " + sample.line + ")", canonicalJson(sample.additional), canonicalJson(json));
  }

  @Test
  public void everyTableFolderHasSuccessMarker() {
    assertJobSucceeded();
    List<String> lacking = new ArrayList<>();
    for (String table : List.of("store_product_sales", "customer_mart", "sales_team_mart",
        "customer_monthly_spend", "sales_team_incentive", "dead_letter")) {
      if (!Files.isRegularFile(out.resolve(table).resolve("_SUCCESS"))) {
        lacking.add(table);
      }
    }
    assertThat("table folders without _SUCCESS under " + out, lacking, is(empty()));
  }

  // ---------------------------------------------------------------- helpers

  private static void assertJobSucceeded() {
    assertEquals("sales-marts exit code; stderr: " + jobStderr + " stdout: " + jobStdout, 0,
        exitCode);
  }

  /** Multiset equality, reporting the first rows missing and unexpected on each side. */
  private static void assertSameRows(String table, List<String> expectedRows,
      List<String> actualRows) {
    Map<String, Integer> balance = new HashMap<>();
    for (String e : expectedRows) {
      balance.merge(e, 1, Integer::sum);
    }
    for (String a : actualRows) {
      balance.merge(a, -1, Integer::sum);
    }
    List<String> missing = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    balance.forEach((row, n) -> {
      for (int i = 0; i < Math.abs(n); i++) {
        (n > 0 ? missing : unexpected).add(row);
      }
    });
    missing.sort(null);
    unexpected.sort(null);
    if (!missing.isEmpty() || !unexpected.isEmpty()) {
      fail(String.format("%s differs from the SPEC reference: reference has %d rows, job wrote %d;"
              + "%n  %d reference rows missing from the job's output, first: %s"
              + "%n  %d job rows the reference does not expect, first: %s",
          table, expectedRows.size(), actualRows.size(), missing.size(), first(missing),
          unexpected.size(), first(unexpected)));
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

  private static Map<String, JsonNode> toMap(JsonNode object) {
    Map<String, JsonNode> map = new TreeMap<>();
    object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
    return map;
  }

  private static String additionalColumns(TableRow r) throws IOException {
    String text = r.get("additional_columns");
    return text == null ? null : canonicalJson(ReferenceSalesMarts.JSON.readTree(text));
  }

  private static JsonNode runRecord() throws IOException {
    List<Path> records;
    try (Stream<Path> files = Files.list(out.resolve("_runs"))) {
      records = files.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
    }
    assertThat("run records under " + out.resolve("_runs"), records, hasSize(1));
    return ReferenceSalesMarts.JSON.readTree(records.get(0).toFile());
  }

  private static List<JsonNode> readDeadLetters() throws IOException {
    List<JsonNode> letters = new ArrayList<>();
    for (Path file : dataFiles(out.resolve("dead_letter"), ".jsonl")) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          letters.add(ReferenceSalesMarts.JSON.readTree(line));
        }
      }
    }
    assertThat("dead letters under " + out.resolve("dead_letter"), letters.size(), greaterThan(0));
    return letters;
  }

  /** Data files under a table folder, skipping anything whose name starts with '_' or '.'. */
  private static List<Path> dataFiles(Path table, String suffix) throws IOException {
    assertTrue("no table folder " + table, Files.isDirectory(table));
    try (Stream<Path> walk = Files.walk(table)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .filter(p -> {
            for (Path part : table.relativize(p)) {
              String s = part.toString();
              if (s.startsWith("_") || s.startsWith(".")) {
                return false;
              }
            }
            return true;
          })
          .sorted()
          .toList();
    }
  }

  /** One Parquet row, its values as text (money as plain scale-2, dates as ISO), and its path. */
  private static final class TableRow {
    final String path;
    final Map<String, String> values = new HashMap<>();
    final Map<String, String> partitions = new HashMap<>();

    TableRow(String path) {
      this.path = path;
    }

    String get(String column) {
      if (!values.containsKey(column)) {
        fail(path + " has no column " + column + " (has " + values.keySet() + ")");
      }
      return values.get(column);
    }

    String partition(String column) {
      return partitions.get(column);
    }
  }

  private static final Map<String, List<TableRow>> TABLES = new HashMap<>();

  private static synchronized List<TableRow> readTable(String name) throws IOException {
    List<TableRow> cached = TABLES.get(name);
    if (cached == null) {
      cached = readParquetTable(name);
      TABLES.put(name, cached);
    }
    return cached;
  }

  private static List<TableRow> readParquetTable(String name) throws IOException {
    Path table = out.resolve(name);
    List<Path> files = dataFiles(table, ".parquet");
    assertThat("parquet files under " + table, files.size(), greaterThan(0));
    List<TableRow> rows = new ArrayList<>();
    Configuration conf = new Configuration();
    for (Path file : files) {
      String relative = table.relativize(file).toString();
      Map<String, String> partitions = new HashMap<>();
      for (Path part : table.relativize(file).getParent() == null
          ? List.<Path>of() : table.relativize(file).getParent()) {
        String s = part.toString();
        int eq = s.indexOf('=');
        if (eq > 0) {
          partitions.put(s.substring(0, eq), unescapeHive(s.substring(eq + 1)));
        }
      }
      try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
              HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toString()), conf))
          .build()) {
        GenericRecord record;
        while ((record = reader.read()) != null) {
          TableRow row = new TableRow(name + "/" + relative);
          row.partitions.putAll(partitions);
          for (Schema.Field field : record.getSchema().getFields()) {
            row.values.put(field.name(), text(record.get(field.pos()), field.schema()));
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  private static String text(Object value, Schema schema) {
    if (value == null) {
      return null;
    }
    if (schema.getType() == Schema.Type.UNION) {
      for (Schema branch : schema.getTypes()) {
        if (branch.getType() != Schema.Type.NULL) {
          schema = branch;
          break;
        }
      }
    }
    LogicalType logical = schema.getLogicalType();
    if (logical instanceof LogicalTypes.Decimal) {
      BigDecimal amount;
      if (value instanceof BigDecimal b) {
        amount = b;
      } else if (value instanceof ByteBuffer buffer) {
        amount = DECIMALS.fromBytes(buffer.duplicate(), schema, logical);
      } else {
        amount = DECIMALS.fromFixed((GenericFixed) value, schema, logical);
      }
      return amount.toPlainString();
    }
    if (logical instanceof LogicalTypes.Date) {
      return value instanceof LocalDate d ? d.toString()
          : LocalDate.ofEpochDay(((Number) value).longValue()).toString();
    }
    return value.toString();
  }

  private static String unescapeHive(String value) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%' && i + 2 < value.length()) {
        s.append((char) Integer.parseInt(value.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        s.append(c);
      }
    }
    return s.toString();
  }
}

package io.salespipelines.pipelines.salesmarts;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipelines.pipelines.Main;
import io.salespipelines.pipelines.generate.GenerateOptions;
import io.salespipelines.pipelines.generate.SalesDataGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Hostile input (issue 13) through {@code sales-marts}' command line entry {@link Main#run}. One
 * landing zone holds a generated day (2,000 rows, 2 % bad) and a crafted file for each hostile
 * case: a 50 MB field, a 200 MB file without a line break, a truncated gzip, Latin-1 and UTF-16
 * bytes, keys of 100,000 characters and of exactly the limit, dates in years 0000 and +10000, a
 * monthly total past DECIMAL(18,2), a JSON number of a billion digits. It runs on the Direct runner
 * and on Spark {@code local[2]} (one SparkContext per test JVM, as in {@link RunnerParityTest}).
 *
 * <p>On each run the invariant is held against counts the test takes itself from the input (the
 * generator's record of what it wrote, plus every crafted record): rows read = valid + row-level
 * dead letters, every row is in {@code customer_mart} or in a row-level dead letter, and each
 * crafted problem has its dead letter at its line. Cases about paths and options (run lifecycle)
 * follow, each on a small generated landing zone.
 */
public class HostileInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HEADER =
      "transaction_id,customer_id,store_id,product_id,sales_person_id,sales_date,price,quantity,total_cost";
  private static final long MB = 1 << 20;

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static Path data;
  private static Path landing;
  private static Path dimensions;
  private static Expected expected;
  private static Path direct;
  private static Path spark;
  private static String previousUi;
  /** Keys that are in the dimensions. */
  private static String store;
  private static String customer;
  private static String product;
  private static String person;

  /** What the input holds, counted by this test: the outcome every run must report. */
  static final class Expected {
    long rows;
    long valid;
    final Map<String, Long> rowDead = new TreeMap<>();
    final Map<String, Long> fileDead = new TreeMap<>();
    /** "file:line error_type" of each crafted dead letter. */
    final TreeSet<String> crafted = new TreeSet<>();
    /** Names of the crafted files. */
    final List<String> craftedFiles = new ArrayList<>();

    void validRows(long n) {
      rows += n;
      valid += n;
    }

    void deadRow(String file, long line, String type) {
      rows++;
      rowDead.merge(type, 1L, Long::sum);
      crafted.add(file + ":" + line + " " + type);
    }

    void deadFile(String file, String type) {
      fileDead.merge(type, 1L, Long::sum);
      crafted.add(file + ":0 " + type);
    }
  }

  @BeforeClass
  public static void craftLandingZoneAndRunOnBothRunners() throws Exception {
    previousUi = System.setProperty("spark.ui.enabled", "false");
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    data = TMP.newFolder("data").toPath();
    GenerateOptions generate = new GenerateOptions();
    generate.output = data.toString();
    generate.rows = 2_000;
    generate.badRate = 0.02;
    generate.seed = 13;
    SalesDataGenerator.generate(generate);
    landing = data.resolve("landing");
    dimensions = data.resolve("dimensions");

    JsonNode summary = JSON.readTree(data.resolve("_generator.json").toFile());
    expected = new Expected();
    expected.rows = summary.get("dataRows").asLong();
    expected.valid = summary.get("goodRows").asLong();
    summary.get("badRowsByType").fields().forEachRemaining(e -> {
      if (e.getValue().asLong() > 0) {
        expected.rowDead.put(e.getKey(), e.getValue().asLong());
      }
    });
    summary.get("fileDeadLetters").fields().forEachRemaining(e -> {
      if (e.getValue().asLong() > 0) {
        expected.fileDead.put(e.getKey(), e.getValue().asLong());
      }
    });
    store = firstKey("stores.csv");
    customer = firstKey("customers.csv");
    product = firstKey("products.csv");
    person = firstKey("sales_team.csv");
    craftFiles();

    direct = TMP.getRoot().toPath().resolve("outDirect");
    spark = TMP.getRoot().toPath().resolve("outSpark");
    Run onDirect = run("--input=" + landing, "--output=" + direct);
    assertThat(onDirect.output, onDirect.exit, equalTo(0));
    Run onSpark = run("--input=" + landing, "--output=" + spark, "--runner=SparkRunner", "--sparkMaster=local[2]");
    assertThat(onSpark.output, onSpark.exit, equalTo(0));
    // The overflowing customer's sales make the first pass's grand total too large: both runs
    // were done again with the overflow check (which the expected dead letter proves it ran).
    for (Run r : List.of(onDirect, onSpark)) {
      assertThat(r.output, containsString("may not fit DECIMAL(18,2); running the pipeline again in its exact form"));
    }
  }

  @AfterClass
  public static void restoreUi() {
    if (previousUi == null) {
      System.clearProperty("spark.ui.enabled");
    } else {
      System.setProperty("spark.ui.enabled", previousUi);
    }
  }

  private static String firstKey(String dimension) throws IOException {
    String secondLine = Files.readAllLines(dimensions.resolve(dimension), StandardCharsets.UTF_8).get(1);
    return secondLine.substring(0, secondLine.indexOf(','));
  }

  private static String row(String tx, String customerId, String storeId, String personId, String date, String amount) {
    return tx + "," + customerId + "," + storeId + "," + product + "," + personId + "," + date + ",1.00,1," + amount;
  }

  private static String row(String tx, String date) {
    return row(tx, customer, store, person, date, "1.00");
  }

  private static void write(String name, String text) throws IOException {
    writeBytes(name, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void writeBytes(String name, byte[] bytes) throws IOException {
    Files.write(landing.resolve(name), bytes);
    expected.craftedFiles.add(name);
  }

  private interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private static void writeStreamed(String name, Content content) throws IOException {
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(landing.resolve(name)), 1 << 16)) {
      content.writeTo(out);
    }
    expected.craftedFiles.add(name);
  }

  private static void repeat(OutputStream out, char c, long count) throws IOException {
    byte[] chunk = new byte[1 << 16];
    Arrays.fill(chunk, (byte) c);
    for (long left = count; left > 0; left -= chunk.length) {
      out.write(chunk, 0, (int) Math.min(left, chunk.length));
    }
  }

  /** The crafted files, and what each must come to. */
  private static void craftFiles() throws IOException {
    // A 50 MB field on line 3: one malformed row, and lines 2 and 4 are read.
    writeStreamed("h_oversized.csv", out -> {
      out.write((HEADER + ",note\n" + row("H-OV-1", "2025-06-01") + ",a\n" + row("H-OV-2", "2025-06-01") + ",")
          .getBytes(StandardCharsets.UTF_8));
      repeat(out, 'x', 50 * MB);
      out.write(("\n" + row("H-OV-3", "2025-06-01") + ",b\n").getBytes(StandardCharsets.UTF_8));
    });
    expected.validRows(2);
    expected.deadRow("h_oversized.csv", 3, "malformed");

    // 200 MB without a line break: a header that cannot be read, one entry for the file.
    writeStreamed("h_nobreak.csv", out -> repeat(out, 'h', 200 * MB));
    expected.deadFile("h_nobreak.csv", "bad_schema");
    // A JSON "line" of 50 MB without a line break: one malformed row.
    writeStreamed("h_nobreak.jsonl", out -> {
      out.write("{\"transaction_id\":\"".getBytes(StandardCharsets.UTF_8));
      repeat(out, 'j', 50 * MB);
    });
    expected.deadRow("h_nobreak.jsonl", 1, "malformed");

    // A gzip cut in half: every whole line before the break is read, the break is one entry.
    StringBuilder rows = new StringBuilder(HEADER + "\n");
    for (int i = 0; i < 3000; i++) {
      rows.append(row("H-GZ-" + i, "2025-06-02")).append('\n');
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(rows.toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] cut = Arrays.copyOf(gz.toByteArray(), gz.size() / 2);
    writeBytes("h_truncated.csv.gz", cut);
    expected.validRows(wholeLinesBeforeTheBreak(cut) - 1);
    expected.deadFile("h_truncated.csv.gz", "malformed");

    // Latin-1 bytes in one row: that row is invalid_encoding, the others are read.
    ByteArrayOutputStream latin = new ByteArrayOutputStream();
    latin.write((HEADER + ",city\n" + row("H-L1-1", "2025-06-03") + ",Zurich\n" + row("H-L1-2", "2025-06-03") + ",Z")
        .getBytes(StandardCharsets.UTF_8));
    latin.write(0xFC); // u-umlaut in Latin-1
    latin.write(("rich\n" + row("H-L1-3", "2025-06-03") + ",Z\u00fcrich\n").getBytes(StandardCharsets.UTF_8));
    writeBytes("h_latin1.csv", latin.toByteArray());
    expected.validRows(2);
    expected.deadRow("h_latin1.csv", 3, "invalid_encoding");

    // UTF-16 with and without a byte order mark: one entry each, naming the encoding.
    ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
    utf16.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
    utf16.write((HEADER + "\n" + row("H-U16-1", "2025-06-04") + "\n").getBytes(StandardCharsets.UTF_16LE));
    writeBytes("h_utf16.csv", utf16.toByteArray());
    expected.deadFile("h_utf16.csv", "invalid_encoding");
    writeBytes("h_utf16nobom.jsonl", ("{\"transaction_id\":\"H-U16-2\"}\n").getBytes(StandardCharsets.UTF_16LE));
    expected.deadFile("h_utf16nobom.jsonl", "invalid_encoding");

    // Keys: 100,000 characters (breaks VARCHAR), 300 (a partition folder name), 65; and the
    // longest allowed, with characters that escaping triples, added to the dimensions.
    String longStore = "S" + "/%=?:#*[]^".repeat(7).substring(0, 63);
    String longCustomer = "\u00c7".repeat(64);
    Files.write(dimensions.resolve("stores.csv"),
        (longStore + ",Hostile Store,Town,Manager\n").getBytes(StandardCharsets.UTF_8),
        java.nio.file.StandardOpenOption.APPEND);
    Files.write(dimensions.resolve("customers.csv"),
        (longCustomer + ",Hostile,Key,1 Road,00001,555,2020-01-01\n").getBytes(StandardCharsets.UTF_8),
        java.nio.file.StandardOpenOption.APPEND);
    write("h_keys.csv", HEADER + "\n"
        + row("H-K-1", "c".repeat(100_000), store, person, "2025-06-05", "1.00") + "\n"
        + row("H-K-2", customer, "s".repeat(300), person, "2025-06-05", "1.00") + "\n"
        + row("H-K-3", customer, store, "p".repeat(65), "2025-06-05", "1.00") + "\n"
        + row("H-K-4", longCustomer, longStore, person, "2025-06-05", "2.00") + "\n");
    expected.deadRow("h_keys.csv", 2, "invalid_value");
    expected.deadRow("h_keys.csv", 3, "invalid_value");
    expected.deadRow("h_keys.csv", 4, "invalid_value");
    expected.validRows(1);

    // Dates: years 0000, +10000 and 1899 are out of range; 1900-01-01 and 9999-12-31 are in.
    write("h_dates.csv", HEADER + "\n"
        + row("H-D-1", "0000-01-01") + "\n" + row("H-D-2", "+10000-01-01T00:00:00Z") + "\n"
        + row("H-D-3", "1899-12-31") + "\n" + row("H-D-4", "1900-01-01") + "\n"
        + row("H-D-5", "9999-12-31T23:59:59Z") + "\n");
    expected.deadRow("h_dates.csv", 2, "invalid_value");
    expected.deadRow("h_dates.csv", 3, "invalid_value");
    expected.deadRow("h_dates.csv", 4, "invalid_value");
    expected.validRows(2);

    // Two valid sales whose monthly total overflows DECIMAL(18,2): the second is rejected.
    write("h_overflow.csv", HEADER + "\n"
        + row("H-O-1", customer, store, person, "2001-01-15", "6000000000000000.00") + "\n"
        + row("H-O-2", customer, store, person, "2001-01-16", "6000000000000000.00") + "\n");
    expected.validRows(1);
    expected.deadRow("h_overflow.csv", 3, "invalid_value");

    // A JSON number that is a billion characters written out.
    write("h_exponent.jsonl",
        "{\"transaction_id\":\"H-E-1\",\"customer_id\":\"" + customer + "\",\"store_id\":\"" + store
            + "\",\"product_id\":\"" + product + "\",\"sales_person_id\":\"" + person
            + "\",\"sales_date\":\"2025-06-06\",\"price\":1E-999999999,\"quantity\":1,\"total_cost\":1}\n");
    expected.deadRow("h_exponent.jsonl", 1, "invalid_value");
  }

  /** How many lines a plain gzip reader gets whole out of a cut gzip file. */
  private static long wholeLinesBeforeTheBreak(byte[] cut) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(cut))) {
      in.transferTo(text);
    } catch (IOException expectedBreak) {
      // the break
    }
    byte[] bytes = text.toByteArray();
    return new String(bytes, StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
  }

  static final class Run {
    int exit;
    String output;
  }

  private static Run run(String... args) {
    List<String> all = new ArrayList<>(List.of("sales-marts", "--dimensions=" + dimensions));
    all.addAll(List.of(args));
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8);
    Run r = new Run();
    r.exit = Main.run(all.toArray(new String[0]), ps, ps);
    r.output = sink.toString(StandardCharsets.UTF_8);
    System.out.println(String.join(" ", all) + " -> " + r.exit + ": " + r.output);
    return r;
  }

  private static JsonNode runRecord(Path output) throws IOException {
    try (Stream<Path> records = Files.list(output.resolve("_runs"))) {
      List<Path> all = records.filter(p -> p.toString().endsWith(".json")).collect(Collectors.toList());
      assertThat("run records in " + output, all.size(), equalTo(1));
      return JSON.readTree(all.get(0).toFile());
    }
  }

  private static Map<String, Long> asMap(JsonNode node) {
    Map<String, Long> map = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      map.put(e.getKey(), e.getValue().asLong());
    }
    return map;
  }

  /** The dead letters as JSON objects. */
  private static List<JsonNode> deadLetters(Path output) throws IOException {
    List<JsonNode> all = new ArrayList<>();
    for (Path f : OutputSnapshot.files(output.resolve("dead_letter"), ".jsonl")) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          all.add(JSON.readTree(line));
        }
      }
    }
    return all;
  }

  private static String fileName(String source) {
    return source.substring(source.lastIndexOf('/') + 1);
  }

  @Test
  public void countsEqualWhatTheInputHoldsOnBothRunners() throws Exception {
    for (Path output : List.of(direct, spark)) {
      JsonNode counts = runRecord(output).get("counts");
      Map<String, Long> byType = asMap(counts.get("dead_letters_by_type"));
      long dead = byType.values().stream().mapToLong(Long::longValue).sum();
      assertThat(output + " rows read", counts.get("rows_read").asLong(), equalTo(expected.rows));
      assertThat(output + " valid", counts.get("valid").asLong(), equalTo(expected.valid));
      assertThat(output + " rows read = valid + dead letters", counts.get("rows_read").asLong(),
          equalTo(counts.get("valid").asLong() + dead));
      assertThat(output + " dead letters by type", byType, equalTo(expected.rowDead));
      assertThat(output + " files rejected", asMap(counts.get("files_rejected_by_type")), equalTo(expected.fileDead));
    }
  }

  @Test
  public void everyRowIsInATableOrInADeadLetter() throws Exception {
    for (Path output : List.of(direct, spark)) {
      OutputSnapshot s = OutputSnapshot.of(output);
      List<JsonNode> dead = deadLetters(output);
      long rowLevel = dead.stream().filter(d -> d.get("line").asLong() > 0).count();
      long fileLevel = dead.size() - rowLevel;
      assertThat(output + " customer_mart", (long) s.tables.get("customer_mart").size(), equalTo(expected.valid));
      assertThat(output + " sales_team_mart", (long) s.tables.get("sales_team_mart").size(), equalTo(expected.valid));
      assertThat(output + " row-level dead letters", rowLevel, equalTo(expected.rows - expected.valid));
      assertThat(output + " file-level dead letters", fileLevel,
          equalTo(expected.fileDead.values().stream().mapToLong(Long::longValue).sum()));
    }
  }

  @Test
  public void eachCraftedProblemHasItsDeadLetterAtItsLine() throws Exception {
    for (Path output : List.of(direct, spark)) {
      TreeSet<String> found = new TreeSet<>();
      for (JsonNode d : deadLetters(output)) {
        String file = fileName(d.get("source").asText());
        if (expected.craftedFiles.contains(file)) {
          found.add(file + ":" + d.get("line").asLong() + " " + d.get("error_type").asText());
        }
      }
      assertThat(output.toString(), found, equalTo(expected.crafted));
    }
  }

  @Test
  public void deadLettersSayWhatIsWrongAndKeepTheRawBounded() throws Exception {
    Map<String, JsonNode> byPlace = new TreeMap<>();
    for (JsonNode d : deadLetters(direct)) {
      byPlace.put(fileName(d.get("source").asText()) + ":" + d.get("line").asLong(), d);
    }
    assertThat(byPlace.get("h_oversized.csv:3").get("message").asText(), containsString("longer than 1000000 bytes"));
    assertThat(byPlace.get("h_oversized.csv:3").get("raw").asText().length(), equalTo(1_000_000));
    assertThat(byPlace.get("h_nobreak.csv:0").get("message").asText(), containsString("(209715200 bytes)"));
    assertThat(byPlace.get("h_truncated.csv.gz:0").get("message").asText(), containsString("breaks off in line"));
    assertThat(byPlace.get("h_latin1.csv:3").get("raw").asText(), containsString(",Z\\xFCrich"));
    assertThat(byPlace.get("h_utf16.csv:0").get("message").asText(), containsString("UTF-16LE"));
    assertThat(byPlace.get("h_keys.csv:2").get("error_field").asText(), equalTo("customer_id"));
    assertThat(byPlace.get("h_keys.csv:3").get("error_field").asText(), equalTo("store_id"));
    assertThat(byPlace.get("h_dates.csv:3").get("message").asText(), containsString("1900-01-01 to 9999-12-31"));
    assertThat(byPlace.get("h_overflow.csv:3").get("message").asText(), containsString("customer_monthly_spend"));
  }

  @Test
  public void noReplacementCharacterIsStored() throws Exception {
    for (Path output : List.of(direct, spark)) {
      for (String row : OutputSnapshot.of(output).tables.get("customer_mart")) {
        assertThat(row, not(containsString("\uFFFD")));
      }
    }
  }

  @Test
  public void theLongestKeysAndExtremeDatesAreWrittenToFoldersAndTheDatabase() throws Exception {
    OutputSnapshot s = OutputSnapshot.of(direct);
    String escapedStore = "store_id=S%2F%25%3D%3F%3A%23%2A%5B%5D%5E";
    assertThat(s.tables.get("sales_team_mart").stream().anyMatch(r -> r.startsWith("sales_month=2025-06/" + escapedStore)),
        equalTo(true));
    assertThat(s.tables.get("sales_team_mart").stream().anyMatch(r -> r.startsWith("sales_month=9999-12/")), equalTo(true));
    assertThat(s.tables.get("sales_team_mart").stream().anyMatch(r -> r.startsWith("sales_month=1900-01/")), equalTo(true));
    assertThat(s.database.get("customer_monthly_spend").stream().anyMatch(r -> r.startsWith("\u00c7".repeat(64) + "|")),
        equalTo(true));
    // The overflow customer's month holds the first sale only.
    assertThat(
        s.database.get("customer_monthly_spend").stream()
            .filter(r -> r.startsWith(customer + "|") && r.contains("|2001|1|"))
            .map(r -> r.substring(r.lastIndexOf('|', r.length() - 2) + 1))
            .collect(Collectors.toList()),
        equalTo(List.of("6000000000000000.00|")));
  }

  @Test
  public void directAndSparkAgree() throws Exception {
    OutputSnapshot onDirect = OutputSnapshot.of(direct);
    OutputSnapshot onSpark = OutputSnapshot.of(spark);
    assertThat(onDirect.totalRows(), greaterThan(0L));
    for (String table : OutputSnapshot.TABLES) {
      assertThat(table, onSpark.tables.get(table), equalTo(onDirect.tables.get(table)));
    }
    assertThat(onSpark.deadLetters, equalTo(onDirect.deadLetters));
    assertThat(onSpark.database, equalTo(onDirect.database));
  }
}

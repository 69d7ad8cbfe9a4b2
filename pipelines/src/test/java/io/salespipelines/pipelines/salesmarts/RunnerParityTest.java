package io.salespipelines.pipelines.salesmarts;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipelines.pipelines.Main;
import io.salespipelines.pipelines.generate.GenerateOptions;
import io.salespipelines.pipelines.generate.SalesDataGenerator;
import io.salespipelines.schemas.Tables;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Conversions;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Runner parity: the same generated landing zone (30,000 rows, 2 % bad) through {@code sales-marts}
 * on the Direct runner and on the Spark runner ({@code local[2]}), both through the command line
 * entry {@link Main#run}, in this JVM. Every Parquet table must hold the same rows (partition folder
 * included, to the cent), the dead letters the same entries (but for run_id), and the run records
 * the same counts.
 */
public class RunnerParityTest {
  private static final long ROWS = 30_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PARQUET_TABLES =
      List.of(
          Tables.STORE_PRODUCT_SALES.name(),
          Tables.CUSTOMER_MART.name(),
          Tables.SALES_TEAM_MART.name(),
          Tables.CUSTOMER_MONTHLY_SPEND.name(),
          Tables.SALES_TEAM_INCENTIVE.name());

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static Path direct;
  private static Path spark;
  private static String previousUi;

  @BeforeClass
  public static void runOnBothRunners() throws IOException {
    // The web UI is of no use here (and would take a port).
    previousUi = System.setProperty("spark.ui.enabled", "false");
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    Path root = TMP.getRoot().toPath();
    GenerateOptions generate = new GenerateOptions();
    generate.output = root.resolve("data").toString();
    generate.rows = ROWS;
    generate.badRate = 0.02;
    SalesDataGenerator.generate(generate);
    String input = "--input=" + root.resolve("data/landing");
    direct = root.resolve("outDirect");
    spark = root.resolve("outSpark");
    run("sales-marts", input, "--output=" + direct, "--jdbcUrl=none");
    run("sales-marts", input, "--output=" + spark, "--jdbcUrl=none",
        "--runner=SparkRunner", "--sparkMaster=local[2]");
  }

  @AfterClass
  public static void restoreUi() {
    if (previousUi == null) {
      System.clearProperty("spark.ui.enabled");
    } else {
      System.setProperty("spark.ui.enabled", previousUi);
    }
  }

  private static void run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long started = System.nanoTime();
    int exit =
        Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    System.out.printf("%s: exit %d in %.1f s: %s%s%n", String.join(" ", args), exit,
        (System.nanoTime() - started) / 1e9, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
    assertEquals("exit code; stderr: " + err.toString(StandardCharsets.UTF_8), 0, exit);
  }

  @Test
  public void parquetTablesAreIdenticalRowForRow() throws IOException {
    for (String table : PARQUET_TABLES) {
      List<String> onDirect = parquetRows(direct.resolve(table));
      List<String> onSpark = parquetRows(spark.resolve(table));
      assertFalse(table + " is empty", onDirect.isEmpty());
      assertSameMultiset(table, onDirect, onSpark);
      assertTrue(table + "/_SUCCESS on Spark", Files.exists(spark.resolve(table).resolve("_SUCCESS")));
    }
  }

  @Test
  public void deadLettersAreIdenticalButForRunId() throws IOException {
    List<String> onDirect = deadLetters(direct);
    List<String> onSpark = deadLetters(spark);
    assertTrue("dead letters: " + onDirect.size(), onDirect.size() >= Math.round(ROWS * 0.02));
    assertSameMultiset("dead_letter", onDirect, onSpark);
  }

  @Test
  public void runRecordsHaveTheSameCounts() throws IOException {
    JsonNode onDirect = runRecord(direct);
    JsonNode onSpark = runRecord(spark);
    assertEquals("DirectRunner", onDirect.get("runner").asText());
    assertEquals("SparkRunner", onSpark.get("runner").asText());
    assertEquals(ROWS, onDirect.get("counts").get("rows_read").asLong());
    assertEquals(onDirect.get("counts"), onSpark.get("counts"));
    assertEquals(onDirect.get("input_files"), onSpark.get("input_files"));
  }

  @Test
  public void sparkContextIsStoppedAfterTheRun() {
    // One SparkContext per JVM: SparkRunner's result stops its context once waitUntilFinish is done.
    assertTrue(org.apache.spark.SparkContext$.MODULE$.getActive().isEmpty());
  }

  /** Every row of a table as text, prefixed with its partition folder; sorted. */
  private static List<String> parquetRows(Path table) throws IOException {
    GenericData model = new GenericData();
    model.addLogicalTypeConversion(new Conversions.DecimalConversion());
    model.addLogicalTypeConversion(new TimeConversions.DateConversion());
    List<Path> files;
    try (Stream<Path> walk = Files.walk(table)) {
      files = walk.filter(p -> p.getFileName().toString().endsWith(".parquet")).collect(Collectors.toList());
    }
    List<String> rows = new ArrayList<>();
    for (Path file : files) {
      String partition = table.relativize(file.getParent()).toString();
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(
                  HadoopInputFile.fromPath(
                      new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
              .withDataModel(model)
              .build()) {
        for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
          rows.add(partition + " " + r);
        }
      }
    }
    Collections.sort(rows);
    return rows;
  }

  /** Dead-letter JSON lines without run_id; sorted. */
  private static List<String> deadLetters(Path output) throws IOException {
    List<String> entries = new ArrayList<>();
    File[] files = output.resolve(Tables.DEAD_LETTER).toFile().listFiles((d, n) -> n.endsWith(".jsonl"));
    assertTrue("dead_letter files", files != null && files.length > 0);
    for (File file : files) {
      for (String line : Files.readAllLines(file.toPath(), StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          ObjectNode entry = (ObjectNode) JSON.readTree(line);
          entry.remove("run_id");
          entries.add(JSON.writeValueAsString(entry));
        }
      }
    }
    Collections.sort(entries);
    return entries;
  }

  private static JsonNode runRecord(Path output) throws IOException {
    File[] records = output.resolve("_runs").toFile().listFiles((d, n) -> n.endsWith(".json"));
    assertTrue("one run record in " + output, records != null && records.length == 1);
    return JSON.readTree(records[0]);
  }

  /** Equal sorted lists, or a failure that shows a few rows found on one side only. */
  private static void assertSameMultiset(String what, List<String> direct, List<String> spark) {
    if (direct.equals(spark)) {
      return;
    }
    Map<String, Integer> balance = new TreeMap<>();
    direct.forEach(r -> balance.merge(r, 1, Integer::sum));
    spark.forEach(r -> balance.merge(r, -1, Integer::sum));
    List<String> onlyDirect = new ArrayList<>();
    List<String> onlySpark = new ArrayList<>();
    balance.forEach((r, n) -> (n > 0 ? onlyDirect : onlySpark).addAll(Collections.nCopies(Math.abs(n), r)));
    fail(String.format(
        "%s differs: %d rows on Direct, %d on Spark; only on Direct (%d): %s; only on Spark (%d): %s",
        what, direct.size(), spark.size(), onlyDirect.size(), head(onlyDirect), onlySpark.size(),
        head(onlySpark)));
  }

  private static List<String> head(List<String> rows) {
    return rows.subList(0, Math.min(5, rows.size()));
  }
}

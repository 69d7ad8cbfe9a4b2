package io.salespipelines.pipelines.salesmarts;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipelines.pipelines.Main;
import io.salespipelines.pipelines.TableRows;
import io.salespipelines.pipelines.generate.GenerateOptions;
import io.salespipelines.pipelines.generate.SalesDataGenerator;
import io.salespipelines.schemas.Tables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
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
      List<String> onDirect = TableRows.parquetRows(direct.resolve(table));
      List<String> onSpark = TableRows.parquetRows(spark.resolve(table));
      assertFalse(table + " is empty", onDirect.isEmpty());
      TableRows.assertSameMultiset(table, onDirect, onSpark);
      assertTrue(table + "/_SUCCESS on Spark", Files.exists(spark.resolve(table).resolve("_SUCCESS")));
    }
  }

  @Test
  public void deadLettersAreIdenticalButForRunId() throws IOException {
    List<String> onDirect = TableRows.deadLetters(direct);
    List<String> onSpark = TableRows.deadLetters(spark);
    assertTrue("dead letters: " + onDirect.size(), onDirect.size() >= Math.round(ROWS * 0.02));
    TableRows.assertSameMultiset("dead_letter", onDirect, onSpark);
  }

  @Test
  public void runRecordsHaveTheSameCounts() throws IOException {
    JsonNode onDirect = onlyRunRecord(direct);
    JsonNode onSpark = onlyRunRecord(spark);
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

  private static JsonNode onlyRunRecord(Path output) throws IOException {
    List<JsonNode> records = TableRows.runRecords(output);
    assertEquals("run records in " + output, 1, records.size());
    return records.get(0);
  }
}

package io.salespipelines.pipelines.generate;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SalesDataGeneratorTest {
  private static final long ROWS = 20_000;
  private static final double BAD_RATE = 0.05;

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static File first;
  private static File second;
  private static File otherSeed;
  private static GenerateSummary summary;

  @BeforeClass
  public static void generateThreeTimes() throws IOException {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    first = TMP.newFolder("first");
    second = TMP.newFolder("second");
    otherSeed = TMP.newFolder("other-seed");
    summary = generate(first, 42);
    generate(second, 42);
    generate(otherSeed, 43);
  }

  private static GenerateSummary generate(File dir, long seed) throws IOException {
    GenerateOptions options = new GenerateOptions();
    options.output = dir.getPath();
    options.rows = ROWS;
    options.badRate = BAD_RATE;
    options.seed = seed;
    return SalesDataGenerator.generate(options);
  }

  @Test
  public void sameSeedWritesIdenticalBytes() throws IOException {
    List<Path> files = relativeFiles(first);
    assertEquals(files, relativeFiles(second));
    for (Path file : files) {
      assertArrayEquals(file.toString(), Files.readAllBytes(first.toPath().resolve(file)),
          Files.readAllBytes(second.toPath().resolve(file)));
    }
  }

  @Test
  public void otherSeedWritesOtherData() throws IOException {
    for (String file : List.of("landing/sales_0001.csv", "dimensions/customers.csv")) {
      assertFalse(file, Files.mismatch(first.toPath().resolve(file),
          otherSeed.toPath().resolve(file)) == -1L);
    }
  }

  @Test
  public void countsAddUp() throws IOException {
    long bad = summary.badRowsByType.values().stream().mapToLong(Long::longValue).sum();
    assertEquals(ROWS, summary.dataRows);
    assertEquals(summary.dataRows, summary.goodRows + bad);
    assertEquals(Math.round(ROWS * BAD_RATE), bad);
    assertEquals(4, summary.files);
    assertEquals(4, summary.dataFiles.size());
    assertEquals(ROWS, summary.dataFiles.stream().mapToLong(f -> f.rows).sum());
    for (GenerateSummary.DataFile file : summary.dataFiles) {
      assertEquals(file.name, file.rows, file.goodRows + file.badRows);
    }
    JsonNode written =
        new ObjectMapper().readTree(first.toPath().resolve("_generator.json").toFile());
    assertEquals(ROWS, written.get("dataRows").asLong());
    assertEquals(summary.goodTotalCost, written.get("goodTotalCost").decimalValue());
  }

  @Test
  public void everyRowLevelErrorTypeOccurs() {
    assertEquals(Defects.ROW_LEVEL.size(), summary.badRowsByType.size());
    summary.badRowsByType.forEach((type, count) -> assertTrue(type, count > 0));
    assertEquals(Long.valueOf(1), summary.fileDeadLetters.get("wrong_file_type"));
    assertEquals(Long.valueOf(1), summary.fileDeadLetters.get("bad_schema"));
  }

  @Test
  public void dimensionFilesHaveSpecHeaders() throws IOException {
    assertEquals("store_id,store_name,location,manager_name", firstLine("dimensions/stores.csv"));
    assertEquals(
        "customer_id,first_name,last_name,address,pincode,phone_number,customer_joining_date",
        firstLine("dimensions/customers.csv"));
    assertEquals("id,first_name,last_name,manager_id,is_manager,address,pincode,joining_date",
        firstLine("dimensions/sales_team.csv"));
    assertEquals("product_id,name,category,brand,current_price",
        firstLine("dimensions/products.csv"));
  }

  @Test
  public void landingHoldsDataAndFileLevelCases() throws IOException {
    Path landing = first.toPath().resolve("landing");
    assertEquals(List.of("sales_0001.csv", "sales_0002.jsonl", "sales_0003.csv.gz",
            "sales_0004.csv"),
        summary.dataFiles.stream().map(f -> f.name).toList());
    for (String name : List.of("notes.txt", "no_store_id.csv", "header_only.csv",
        "_manifest.csv", ".hidden.csv", "processed/old.csv")) {
      assertTrue(name, Files.size(landing.resolve(name)) > 0);
    }
    assertEquals(0, Files.size(landing.resolve("empty.csv")));
    assertTrue(firstLine("landing/sales_0004.csv").startsWith(
        "\uFEFFcustomer_id,store_id,product_name,sales_date,sales_person_id,price,quantity"));
  }

  @Test
  public void gzipFileDecompresses() throws IOException {
    Path gz = first.toPath().resolve("landing/sales_0003.csv.gz");
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
      assertTrue(reader.readLine().startsWith("TRANSACTION_ID,TIMESTAMP,STORE_ID"));
      long lines = reader.lines().count();
      assertEquals(summary.dataFiles.get(2).rows, lines);
    }
  }

  private static String firstLine(String relative) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(first.toPath().resolve(relative))) {
      return reader.readLine();
    }
  }

  private static List<Path> relativeFiles(File root) throws IOException {
    try (Stream<Path> paths = Files.walk(root.toPath())) {
      return paths.filter(Files::isRegularFile).map(root.toPath()::relativize).sorted().toList();
    }
  }
}

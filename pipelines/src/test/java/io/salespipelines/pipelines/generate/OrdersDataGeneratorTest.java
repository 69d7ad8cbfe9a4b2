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

public class OrdersDataGeneratorTest {
  private static final long ROWS = 20_000;
  private static final double BAD_RATE = 0.05;

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static File first;
  private static File second;
  private static File otherSeed;
  private static OrdersSummary summary;

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

  private static OrdersSummary generate(File dir, long seed) throws IOException {
    OrdersGenerateOptions options = new OrdersGenerateOptions();
    options.output = dir.getPath();
    options.rows = ROWS;
    options.badRate = BAD_RATE;
    options.seed = seed;
    return OrdersDataGenerator.generate(options);
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
    String file = "landing/orders_2025_01.json";
    assertFalse(Files.mismatch(first.toPath().resolve(file), otherSeed.toPath().resolve(file)) == -1L);
  }

  @Test
  public void countsAddUp() throws IOException {
    long bad = summary.badOrdersByType.values().stream().mapToLong(Long::longValue).sum();
    assertEquals(ROWS, summary.orders);
    assertEquals(summary.orders, summary.goodOrders + bad);
    assertEquals(Math.round(ROWS * BAD_RATE), bad);
    assertEquals(ROWS, summary.dataFiles.stream().mapToLong(f -> f.orders).sum());
    assertEquals(summary.goodItems, summary.dataFiles.stream().mapToLong(f -> f.goodItems).sum());
    for (OrdersSummary.DataFile file : summary.dataFiles) {
      assertEquals(file.name, file.orders, file.goodOrders + file.badOrders);
    }
    assertTrue(summary.goodItems > summary.goodOrders);
    assertTrue(summary.paidOrders > summary.goodOrders / 2 && summary.paidOrders < summary.goodOrders);
    assertTrue(summary.paidRevenue.compareTo(summary.goodOrderTotal) < 0);
    JsonNode written = new ObjectMapper().readTree(first.toPath().resolve("_generator.json").toFile());
    assertEquals("orders", written.get("dataset").asText());
    assertEquals(ROWS, written.get("orders").asLong());
    assertEquals(summary.goodItems, written.get("goodItems").asLong());
    assertEquals(summary.paidRevenue, written.get("paidRevenue").decimalValue());
  }

  @Test
  public void everyOrderLevelErrorTypeOccurs() {
    assertEquals(List.of("malformed", "missing_value", "invalid_value", "duplicate"),
        List.copyOf(summary.badOrdersByType.keySet()));
    summary.badOrdersByType.forEach((type, count) -> assertTrue(type, count > 0));
    assertEquals(Long.valueOf(1), summary.fileDeadLetters.get("wrong_file_type"));
    assertEquals(Long.valueOf(1), summary.fileDeadLetters.get("malformed"));
  }

  @Test
  public void monthlyFilesMixLinesArraysAndGzip() throws IOException {
    assertEquals(12, summary.dataFiles.size());
    assertEquals("orders_2025_01.json", summary.dataFiles.get(0).name);
    assertEquals("orders_2025_12.json", summary.dataFiles.get(11).name);
    assertTrue(summary.dataFiles.stream().anyMatch(f -> f.gzip && f.layout.equals("json_lines")));
    assertTrue(summary.dataFiles.stream().anyMatch(f -> f.gzip && f.layout.equals("array_per_line")));
    assertTrue(summary.dataFiles.stream().anyMatch(f -> f.layout.equals("pretty_array")));
    assertTrue(summary.dataFiles.stream().anyMatch(f -> f.layout.equals("one_line_array")));
    // Later months are busier.
    assertTrue(summary.dataFiles.get(11).orders > summary.dataFiles.get(0).orders);
    Path landing = first.toPath().resolve("landing");
    assertTrue(Files.readString(landing.resolve("orders_2025_02.json")).startsWith("[\n  {\n    \"order_id\""));
    try (BufferedReader gz = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(landing.resolve("orders_2025_03.json.gz"))), StandardCharsets.UTF_8))) {
      assertEquals(summary.dataFiles.get(2).orders, gz.lines().count());
    }
    for (String name : List.of("orders_export.csv", "orders_corrupt.json.gz", "_manifest.json", ".hidden.json",
        "processed/orders_old.json")) {
      assertTrue(name, Files.size(landing.resolve(name)) > 0);
    }
    assertEquals(0, Files.size(landing.resolve("orders_empty.json")));
  }

  @Test
  public void customersComeBackOverTheMonths() throws IOException {
    // Customers ordering in the last month who already ordered in the first.
    java.util.Set<String> january = customers("orders_2025_01.json");
    java.util.Set<String> december = customers("orders_2025_12.json");
    december.retainAll(january);
    assertTrue("returning customers: " + december.size(), december.size() > 5);
  }

  private static java.util.Set<String> customers(String file) throws IOException {
    java.util.Set<String> ids = new java.util.HashSet<>();
    ObjectMapper json = new ObjectMapper();
    JsonNode content;
    String text = Files.readString(first.toPath().resolve("landing/" + file));
    content = text.startsWith("[") ? json.readTree(text) : null;
    Iterable<JsonNode> orders = content != null ? content : () -> text.lines().map(l -> {
      try {
        return json.readTree(l);
      } catch (IOException e) {
        return json.nullNode();
      }
    }).iterator();
    for (JsonNode order : orders) {
      JsonNode id = order.path("customer").path("customer_id");
      if (!id.isMissingNode() && !id.isNull()) {
        ids.add(id.asText());
      }
    }
    return ids;
  }

  private static List<Path> relativeFiles(File root) throws IOException {
    try (Stream<Path> paths = Files.walk(root.toPath())) {
      return paths.filter(Files::isRegularFile).map(root.toPath()::relativize).sorted().toList();
    }
  }
}

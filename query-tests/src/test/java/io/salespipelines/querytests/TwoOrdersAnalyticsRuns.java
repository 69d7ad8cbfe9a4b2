package io.salespipelines.querytests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipelines.pipelines.generate.OrdersDataGenerator;
import io.salespipelines.pipelines.generate.OrdersGenerateOptions;
import io.salespipelines.pipelines.generate.OrdersSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The orders-analytics output the orders tests here read, made once per test JVM: 3,000 generated
 * orders over six months (2 % bad, and the generator's odd files) through {@code orders-analytics}
 * from the command line in two runs over a landing zone that grows (the first three monthly files
 * and the odd ones, then the rest), so the fact tables accumulate and there are two run records.
 */
final class TwoOrdersAnalyticsRuns {
  static final long ORDERS = 3_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TwoOrdersAnalyticsRuns instance;

  final Path output;
  final OrdersSummary generated;

  private TwoOrdersAnalyticsRuns(Path output, OrdersSummary generated) {
    this.output = output;
    this.generated = generated;
  }

  static synchronized TwoOrdersAnalyticsRuns get() {
    if (instance == null) {
      try {
        instance = make(Paths.get("target", "orders-runs").toAbsolutePath());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  private static TwoOrdersAnalyticsRuns make(Path root) throws IOException {
    TwoSalesMartsRuns.deleteTree(root);
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    OrdersGenerateOptions generate = new OrdersGenerateOptions();
    generate.output = root.resolve("data").toString();
    generate.rows = ORDERS;
    generate.months = 6;
    generate.badRate = 0.02;
    OrdersSummary summary = OrdersDataGenerator.generate(generate);
    Path landing = root.resolve("landing");
    Files.createDirectories(landing);
    List<Path> files;
    try (Stream<Path> list = Files.list(root.resolve("data/landing"))) {
      files = list.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
    List<Path> months = files.stream().filter(f -> f.getFileName().toString().matches("orders_\\d{4}_\\d{2}\\..*"))
        .collect(Collectors.toList());
    List<Path> later = months.subList(months.size() / 2, months.size());
    List<Path> first = new ArrayList<>(files);
    first.removeAll(later);
    TwoOrdersAnalyticsRuns runs = new TwoOrdersAnalyticsRuns(root.resolve("out"), summary);
    for (int run = 0; run < 2; run++) {
      for (Path f : run == 0 ? first : later) {
        Files.copy(f, landing.resolve(f.getFileName()));
      }
      TwoSalesMartsRuns.runJob("orders-analytics", "--input=" + landing, "--output=" + runs.output);
    }
    return runs;
  }

  /** The run records {@code _runs/*.json}, oldest first. */
  List<JsonNode> runRecords() throws IOException {
    List<JsonNode> records = new ArrayList<>();
    try (Stream<Path> list = Files.list(output.resolve("_runs"))) {
      for (Path f : (Iterable<Path>) list.sorted()::iterator) {
        records.add(JSON.readTree(f.toFile()));
      }
    }
    records.sort(Comparator.comparing(r -> r.get("started_at").asText()));
    return records;
  }

  /** Σ of a count over all run records, e.g. {@code valid}. */
  long total(String count) throws IOException {
    return runRecords().stream().mapToLong(r -> r.get("counts").get(count).asLong()).sum();
  }
}

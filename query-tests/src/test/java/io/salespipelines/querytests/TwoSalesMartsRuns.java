package io.salespipelines.querytests;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipelines.pipelines.Main;
import io.salespipelines.pipelines.generate.GenerateOptions;
import io.salespipelines.pipelines.generate.SalesDataGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * The output every test here reads, made once per test JVM: 20,000 generated rows (2 % bad) through
 * {@code sales-marts} from the command line in two runs over a landing zone that grows (half of
 * its files, then all), so the tables accumulate and there are two run records.
 */
final class TwoSalesMartsRuns {
  static final long ROWS = 20_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TwoSalesMartsRuns instance;

  final Path output;
  /** What each run printed on stdout (progress lines and its summary line). */
  final List<String> stdout = new ArrayList<>();

  private TwoSalesMartsRuns(Path output) {
    this.output = output;
  }

  static synchronized TwoSalesMartsRuns get() {
    if (instance == null) {
      try {
        instance = make(Paths.get("target", "two-runs").toAbsolutePath());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  private static TwoSalesMartsRuns make(Path root) throws IOException {
    deleteTree(root);
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    GenerateOptions generate = new GenerateOptions();
    generate.output = root.resolve("data").toString();
    generate.rows = ROWS;
    generate.badRate = 0.02;
    SalesDataGenerator.generate(generate);
    Path generated = root.resolve("data/landing");
    Path landing = root.resolve("landing");
    Files.createDirectories(landing);
    Files.createDirectories(root.resolve("dimensions"));
    try (Stream<Path> dims = Files.list(root.resolve("data/dimensions"))) {
      for (Path d : (Iterable<Path>) dims::iterator) {
        Files.copy(d, root.resolve("dimensions").resolve(d.getFileName()));
      }
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(generated)) {
      files = list.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
    // First run: the odd files (wrong type, bad header, empty ...) and half of the sales files.
    List<Path> sales = files.stream().filter(f -> f.getFileName().toString().startsWith("sales_"))
        .collect(Collectors.toList());
    List<Path> first = new ArrayList<>(files);
    first.removeAll(sales.subList(sales.size() / 2, sales.size()));
    TwoSalesMartsRuns runs = new TwoSalesMartsRuns(root.resolve("out"));
    for (int run = 0; run < 2; run++) {
      for (Path f : run == 0 ? first : sales.subList(sales.size() / 2, sales.size())) {
        Files.copy(f, landing.resolve(f.getFileName()));
      }
      runs.stdout.add(runJob("sales-marts", "--input=" + landing, "--output=" + runs.output, "--jdbcUrl=none"));
    }
    return runs;
  }

  static String runJob(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long started = System.nanoTime();
    int exit =
        Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String stdout = out.toString(StandardCharsets.UTF_8);
    System.out.printf("%s: exit %d in %.1f s%n%s%s%n", String.join(" ", args), exit,
        (System.nanoTime() - started) / 1e9, stdout, err.toString(StandardCharsets.UTF_8));
    assertEquals("exit code; stderr: " + err.toString(StandardCharsets.UTF_8), 0, exit);
    return stdout;
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

  /** Every dead-letter entry of all runs: row-level ones and those about whole files. */
  long deadLetterEntries() throws IOException {
    long n = 0;
    for (JsonNode r : runRecords()) {
      n += r.get("counts").get("dead_letters").asLong();
      for (JsonNode c : (Iterable<JsonNode>) r.get("counts").get("files_rejected_by_type")::elements) {
        n += c.asLong();
      }
    }
    return n;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}

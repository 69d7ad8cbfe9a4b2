package io.salespipelines.querytests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipelines.pipelines.generate.CdcDataGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The orders-cdc outputs the cdc tests here read, made once per test JVM: 3,000 generated change
 * records ({@code generate --dataset=cdc}: INSERT, MODIFY, REMOVE of the same orders, out of order,
 * late, duplicates, bad records, odd files) plus a file whose sequence numbers order differently as
 * text and as integers, through {@code orders-cdc --source=files} until idle, once as JSON lines with
 * the embedded H2 database and once as Parquet without one.
 */
final class CdcRuns {
  static final long RECORDS = 3_000;
  /** 2024-06-01T00:00:00Z plus a minute, inside the generated changes' time. */
  static final long T = 1_717_200_060L;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static CdcRuns instance;

  final Path input;
  /** --format=json (default), with the default database {@code _db/orders_cdc}. */
  final Path json;
  /** --format=parquet, --jdbcUrl=none. */
  final Path parquet;

  private CdcRuns(Path root) {
    this.input = root.resolve("data/changes");
    this.json = root.resolve("out-json");
    this.parquet = root.resolve("out-parquet");
  }

  static synchronized CdcRuns get() {
    if (instance == null) {
      try {
        instance = make(Paths.get("target", "cdc-runs").toAbsolutePath());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  static String change(String eventId, String type, String order, String sequence, long time, int quantity, String price) {
    String image = "{\"orderId\":{\"S\":\"" + order + "\"},\"product_name\":{\"S\":\"Sequence test\"},"
        + "\"quantity\":{\"N\":\"" + quantity + "\"},\"price\":{\"N\":\"" + price + "\"},"
        + "\"note\":{\"M\":{\"by\":{\"S\":\"query-tests\"}}}}";
    return "{\"eventID\":\"" + eventId + "\",\"eventName\":\"" + type + "\",\"dynamodb\":{"
        + "\"ApproximateCreationDateTime\":" + time + ",\"Keys\":{\"orderId\":{\"S\":\"" + order + "\"}},"
        + "\"" + (type.equals("REMOVE") ? "OldImage" : "NewImage") + "\":" + image
        + ",\"SequenceNumber\":\"" + sequence + "\"}}";
  }

  private static CdcRuns make(Path root) throws IOException {
    TwoSalesMartsRuns.deleteTree(root);
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    CdcDataGenerator.generate(root.resolve("data").toString(), RECORDS, 7, 0.02, 3, null);
    CdcRuns runs = new CdcRuns(root);
    // As integers 99 < 100 and 5 < 40; as text the other way round. SEQ-1 ends modified to 7 units,
    // SEQ-2 removed; SEQ-3 and SEQ-4 lie in later hours (03 and the next day's 02).
    String sequences = String.join("\n",
        change("seq-1a", "INSERT", "SEQ-1", "99", T, 2, "10.00"),
        change("seq-1b", "MODIFY", "SEQ-1", "100", T + 1, 7, "10.00"),
        change("seq-2a", "INSERT", "SEQ-2", "5", T, 1, "3.50"),
        change("seq-2b", "REMOVE", "SEQ-2", "40", T + 2, 1, "3.50"),
        // Later hours and the next day: more partitions.
        change("seq-3a", "INSERT", "SEQ-3", "7", T + 3 * 3600, 4, "1.25"),
        change("seq-4a", "INSERT", "SEQ-4", "8", T + 26 * 3600, 1, "99.90")) + "\n";
    Path temp = runs.input.resolve(".sequences.jsonl");
    Files.writeString(temp, sequences, StandardCharsets.UTF_8);
    Files.move(temp, runs.input.resolve("sequences.jsonl"), StandardCopyOption.ATOMIC_MOVE);
    String[] common = {"--source=files", "--input=" + runs.input, "--stopAfterIdleSeconds=2", "--pollMillis=100",
        "--windowSeconds=60", "--allowedLatenessSeconds=3600"};
    TwoSalesMartsRuns.runJob(concat(new String[] {"orders-cdc", "--output=" + runs.json, "--database=cdc_json"}, common));
    TwoSalesMartsRuns.runJob(concat(new String[] {"orders-cdc", "--output=" + runs.parquet, "--database=cdc_parquet",
        "--format=parquet", "--jdbcUrl=none"}, common));
    return runs;
  }

  private static String[] concat(String[] a, String[] b) {
    return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
  }

  /** The one run record of an output. */
  static JsonNode runRecord(Path output) throws IOException {
    try (Stream<Path> list = Files.list(output.resolve("_runs"))) {
      Path only = list.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
      return JSON.readTree(only.toFile());
    }
  }

  /** The JDBC URL of the embedded database the JSON run wrote. */
  String jsonDatabaseUrl() {
    return "jdbc:h2:file:" + json.resolve("_db/orders_cdc");
  }
}

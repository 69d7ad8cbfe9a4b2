package io.salespipelines.pipelines;

import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
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
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * What the job tests compare: a local output's tables, dead letters and run records as sorted text,
 * read with the Parquet library itself (not the project's readers), and a comparison that shows a
 * few differing rows rather than every row.
 */
public final class TableRows {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TableRows() {}

  /** Every row of a Parquet table as text (money and dates readable), prefixed with its partition folder; sorted. */
  public static List<String> parquetRows(Path table) throws IOException {
    List<String> rows = new ArrayList<>();
    if (!Files.isDirectory(table)) {
      return rows;
    }
    GenericData model = new GenericData();
    model.addLogicalTypeConversion(new Conversions.DecimalConversion());
    model.addLogicalTypeConversion(new TimeConversions.DateConversion());
    model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
    model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    List<Path> files;
    try (Stream<Path> walk = Files.walk(table)) {
      files = walk.filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .filter(p -> !table.relativize(p).toString().contains("/.") && !p.getFileName().toString().startsWith("."))
          .collect(Collectors.toList());
    }
    for (Path file : files) {
      String partition = table.relativize(file.getParent()).toString();
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(
                  HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
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

  /** Dead-letter JSON lines without their run_id; sorted. */
  public static List<String> deadLetters(Path output) throws IOException {
    List<String> entries = new ArrayList<>();
    File[] files = output.resolve("dead_letter").toFile().listFiles((d, n) -> n.endsWith(".jsonl"));
    if (files == null) {
      return entries;
    }
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

  /** The run records of an output, oldest first. */
  public static List<JsonNode> runRecords(Path output) throws IOException {
    List<JsonNode> records = new ArrayList<>();
    File[] files = output.resolve("_runs").toFile().listFiles((d, n) -> n.endsWith(".json"));
    if (files != null) {
      for (File f : files) {
        records.add(JSON.readTree(f));
      }
    }
    records.sort((a, b) -> a.get("started_at").asText().compareTo(b.get("started_at").asText()));
    return records;
  }

  /** Equal sorted lists, or a failure that shows a few rows found on one side only. */
  public static void assertSameMultiset(String what, List<String> expected, List<String> actual) {
    if (expected.equals(actual)) {
      return;
    }
    Map<String, Integer> balance = new TreeMap<>();
    expected.forEach(r -> balance.merge(r, 1, Integer::sum));
    actual.forEach(r -> balance.merge(r, -1, Integer::sum));
    List<String> missing = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    balance.forEach((r, n) -> (n > 0 ? missing : unexpected).addAll(Collections.nCopies(Math.abs(n), r)));
    fail(String.format(
        "%s differs: %d rows expected, %d found; missing (%d): %s; unexpected (%d): %s",
        what, expected.size(), actual.size(), missing.size(), head(missing), unexpected.size(),
        head(unexpected)));
  }

  private static List<String> head(List<String> rows) {
    return rows.subList(0, Math.min(3, rows.size()));
  }
}

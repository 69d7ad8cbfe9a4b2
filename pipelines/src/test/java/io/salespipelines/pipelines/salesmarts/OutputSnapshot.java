package io.salespipelines.pipelines.salesmarts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Everything a sales-marts output holds, as sorted text: each table's rows (with their partition
 * folder), the dead letters as (source, line, error_type), and the embedded database's rows. Two
 * outputs that should hold the same data have equal snapshots. Public for pipelines-spark's cluster
 * test (through this module's test-jar).
 */
public final class OutputSnapshot {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final List<String> TABLES =
      List.of("store_product_sales", "customer_mart", "sales_team_mart", "customer_monthly_spend",
          "sales_team_incentive");

  public final Map<String, List<String>> tables = new TreeMap<>();
  public final List<String> deadLetters = new ArrayList<>();
  public final Map<String, List<String>> database = new TreeMap<>();

  public static OutputSnapshot of(Path output) throws Exception {
    OutputSnapshot s = new OutputSnapshot();
    for (String table : TABLES) {
      s.tables.put(table, parquetRows(output.resolve(table)));
    }
    for (Path f : files(output.resolve("dead_letter"), ".jsonl")) {
      for (String line : Files.readAllLines(f)) {
        JsonNode d = JSON.readTree(line);
        s.deadLetters.add(d.get("source").asText() + ":" + d.get("line").asLong() + " " + d.get("error_type").asText());
      }
    }
    Collections.sort(s.deadLetters);
    Path db = output.resolve("_db/sales_marts.mv.db");
    if (Files.exists(db)) {
      try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + output.resolve("_db/sales_marts"))) {
        s.database.putAll(databaseRows(c));
      }
    }
    return s;
  }

  /** The rows of both database tables, each as sorted {@code value|value|...} lines. */
  static Map<String, List<String>> databaseRows(Connection c) throws Exception {
    Map<String, List<String>> tables = new TreeMap<>();
    try (Statement st = c.createStatement()) {
      for (String table : List.of("customer_monthly_spend", "sales_team_incentive")) {
        List<String> rows = new ArrayList<>();
        try (ResultSet r = st.executeQuery("SELECT * FROM " + table)) {
          int n = r.getMetaData().getColumnCount();
          while (r.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= n; i++) {
              row.append(r.getString(i)).append('|');
            }
            rows.add(row.toString());
          }
        }
        Collections.sort(rows);
        tables.put(table, rows);
      }
    }
    return tables;
  }

  static List<String> parquetRows(Path table) throws IOException {
    List<String> rows = new ArrayList<>();
    if (!Files.isDirectory(table)) {
      return rows;
    }
    for (Path file : files(table, ".parquet")) {
      String partition = table.relativize(file.getParent()).toString();
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(
                  HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
              .withDataModel(GenericData.get())
              .build()) {
        for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
          rows.add(partition + " " + r);
        }
      }
    }
    Collections.sort(rows);
    return rows;
  }

  static List<Path> files(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(suffix))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  public long totalRows() {
    return tables.values().stream().mapToLong(List::size).sum();
  }
}

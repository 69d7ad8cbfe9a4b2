package io.salespipelines.querytests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The orders-cdc catalogs of {@link CdcRuns} (JSON lines in database {@code cdc_json}, Parquet in
 * {@code cdc_parquet}; every statement file as written) in Spark SQL with Hive support: cdc_events
 * holds what the run record says it wrote, as the files hold it, partitioned by the event hour;
 * the dead letters are the run record's; and the view {@code orders_live} over the files equals the
 * database's {@code orders_live} that the job upserted, sequence numbers compared as integers.
 */
public class CdcCatalogInSparkSqlTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static CdcRuns runs;
  private static SparkSqlCatalog sql;

  @BeforeClass
  public static void createTheCatalogs() throws IOException {
    runs = CdcRuns.get();
    sql = SparkSqlCatalog.start(runs.json.getParent().resolve("hive"), "cdc-catalog-in-spark-sql")
        .run(runs.json.resolve("_catalog"))
        .run(runs.parquet.resolve("_catalog"));
  }

  @AfterClass
  public static void stop() {
    if (sql != null) {
      sql.stop();
    }
  }

  /** The JSON-lines records of cdc_events as the files hold them, with their partition folder. */
  static List<JsonNode> jsonEvents(Path output, List<String> partitions) throws IOException {
    Path table = output.resolve("cdc_events");
    List<JsonNode> events = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(table)) {
      files = walk.filter(p -> p.toString().endsWith(".jsonl"))
          .filter(p -> !table.relativize(p).toString().matches("(^|.*/)[_.].*")).sorted().collect(Collectors.toList());
    }
    for (Path f : files) {
      for (String line : Files.readAllLines(f)) {
        if (!line.isBlank()) {
          events.add(JSON.readTree(line));
          partitions.add(table.relativize(f.getParent()).toString());
        }
      }
    }
    return events;
  }

  static BigDecimal insertedValue(List<JsonNode> events) {
    return events.stream().filter(e -> e.get("event_type").asText().equals("INSERT") && e.get("price").isNumber())
        .map(e -> e.get("price").decimalValue().multiply(BigDecimal.valueOf(e.get("quantity").asLong())))
        .reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2);
  }

  @Test
  public void everyStatementFileRanForBothFormats() {
    List<String> files = List.of("000_database.sql", "100_table_cdc_events.sql", "101_table_dead_letter.sql",
        "200_projection_cdc_events.sql", "300_repair_cdc_events.sql", "400_view_orders_live.sql",
        "401_view_changes_per_hour.sql", "402_view_dead_letters_by_run.sql");
    List<String> both = new ArrayList<>(files);
    both.addAll(files);
    assertEquals(both, sql.executed);
  }

  @Test
  public void cdcEventsHoldWhatTheRunWroteToTheCent() throws IOException {
    List<String> partitions = new ArrayList<>();
    List<JsonNode> files = jsonEvents(runs.json, partitions);
    long written = CdcRuns.runRecord(runs.json).get("counts").get("cdc_events_written").asLong();
    assertThat(written, greaterThan(CdcRuns.RECORDS * 9 / 10));
    assertEquals(written, files.size());
    BigDecimal value = insertedValue(files);
    String query = "SELECT COUNT(*), COUNT(DISTINCT event_id), SUM(CASE WHEN event_type = 'INSERT' THEN quantity * price END),"
        + " SUM(price) FROM ";
    Row j = sql.one(query + "cdc_json.cdc_events");
    assertEquals(written, j.getLong(0));
    assertEquals(written, j.getLong(1));
    assertEquals(0, value.compareTo(j.getDecimal(2)));

    List<GenericRecord> parquet = ParquetFiles.records(runs.parquet.resolve("cdc_events"));
    assertEquals(CdcRuns.runRecord(runs.parquet).get("counts").get("cdc_events_written").asLong(), parquet.size());
    Row p = sql.one(query + "cdc_parquet.cdc_events");
    assertEquals(parquet.size(), p.getLong(0));
    BigDecimal prices = parquet.stream().filter(r -> r.get("price") != null).map(r -> ParquetFiles.money(r, "price"))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertEquals(prices, p.getDecimal(3));
    // Same input, same changes: the two formats' tables agree.
    assertEquals(j, p);
    assertEquals(DataTypes.createDecimalType(18, 2), sql.spark.table("cdc_json.cdc_events").schema().apply("price").dataType());
  }

  @Test
  public void partitionsAreTheFoldersAndTheEventHour() throws IOException {
    for (Path output : List.of(runs.json, runs.parquet)) {
      Path table = output.resolve("cdc_events");
      Set<String> folders;
      try (Stream<Path> walk = Files.walk(table, 2)) {
        folders = walk.filter(p -> p.getFileName().toString().startsWith("hour="))
            .map(p -> table.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
      }
      String db = output == runs.json ? "cdc_json" : "cdc_parquet";
      Set<String> partitions = sql.rows("SHOW PARTITIONS " + db + ".cdc_events").stream()
          .map(r -> r.getString(0)).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(db, folders, partitions);
      // The generated changes' hour, and the hand-written ones three hours and a day later.
      assertEquals(db, Set.of("dt=2024-06-01/hour=00", "dt=2024-06-01/hour=03", "dt=2024-06-02/hour=02"), partitions);
      assertEquals(db, 0L, sql.one("SELECT COUNT(*) FROM " + db + ".cdc_events"
          + " WHERE concat(dt, ' ', hour) <> date_format(from_unixtime(creation_time), 'yyyy-MM-dd HH')").getLong(0));
    }
  }

  @Test
  public void additionalAttributesAreJsonTextInParquetAndLeftOutOfTheJsonTable() {
    assertEquals("{\"note\":{\"by\":\"query-tests\"}}", sql.one(
        "SELECT additional_attributes FROM cdc_parquet.cdc_events WHERE event_id = 'seq-1b'").getString(0));
    assertThat(sql.one("SELECT additional_attributes FROM cdc_parquet.cdc_events WHERE orderid LIKE 'ORD-%' LIMIT 1")
        .getString(0), containsString("\"customer\":{"));
    assertFalse(List.of(sql.spark.table("cdc_json.cdc_events").schema().fieldNames()).contains("additional_attributes"));
    // The row after the nested object is read whole: the last field before it and the ids are there.
    assertEquals(0L, sql.one("SELECT COUNT(*) FROM cdc_json.cdc_events WHERE event_id IS NULL OR sequence_number IS NULL"
        + " OR creation_time IS NULL").getLong(0));
  }

  @Test
  public void ordersLiveOverTheFilesIsTheDatabasesOrdersLive() throws SQLException {
    Set<String> database = new TreeSet<>();
    try (Connection c = DriverManager.getConnection(runs.jsonDatabaseUrl());
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT orderid, quantity, price, last_event_type, sequence_number FROM orders_live")) {
      while (rs.next()) {
        database.add(rs.getString(1) + "|" + rs.getObject(2) + "|" + rs.getBigDecimal(3) + "|" + rs.getString(4) + "|"
            + rs.getString(5));
      }
    }
    assertThat(database.size(), greaterThan(50));
    for (String db : List.of("cdc_json", "cdc_parquet")) {
      Set<String> viewed = sql.rows("SELECT orderid, quantity, price, last_event_type, sequence_number FROM " + db
          + ".orders_live").stream()
          .map(r -> r.get(0) + "|" + r.get(1) + "|" + r.get(2) + "|" + r.get(3) + "|" + r.get(4))
          .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(db, database, viewed);
    }
    // 100 after 99 and 40 after 5, as integers.
    assertThat(database.toString(), database.contains("SEQ-1|7|10.00|MODIFY|100"));
    assertFalse(database.toString(), database.stream().anyMatch(r -> r.startsWith("SEQ-2|")));
  }

  @Test
  public void changesPerHourAddUpToTheTable() {
    for (String db : List.of("cdc_json", "cdc_parquet")) {
      Row byHour = sql.one("SELECT SUM(changes), SUM(value_inserted), COUNT(DISTINCT dt, hour) FROM " + db + ".changes_per_hour");
      Row table = sql.one("SELECT COUNT(*), SUM(CASE WHEN event_type = 'INSERT' THEN quantity * price ELSE 0 END),"
          + " COUNT(DISTINCT dt, hour) FROM " + db + ".cdc_events");
      assertEquals(db, table, byHour);
    }
  }

  @Test
  public void deadLettersAreTheRunRecordsCountsPerType() throws IOException {
    for (Path output : List.of(runs.json, runs.parquet)) {
      String db = output == runs.json ? "cdc_json" : "cdc_parquet";
      JsonNode record = CdcRuns.runRecord(output);
      Map<String, Long> expected = new TreeMap<>();
      record.get("counts").get("dead_letters_by_type").fields()
          .forEachRemaining(e -> expected.put(record.get("run_id").asText() + " " + e.getKey(), e.getValue().asLong()));
      Map<String, Long> found = new TreeMap<>();
      for (Row r : sql.rows("SELECT run_id, error_type, dead_letters FROM " + db + ".dead_letters_by_run")) {
        found.put(r.getString(0) + " " + r.getString(1), r.getLong(2));
      }
      // The run record counts files rejected whole apart, without their type (the generator's notes.txt).
      assertEquals(db, Long.valueOf(record.get("counts").get("files_rejected").asLong()),
          found.remove(record.get("run_id").asText() + " wrong_file_type"));
      assertEquals(db, expected, found);
      assertEquals(db, record.get("counts").get("dead_letters").asLong() + record.get("counts").get("files_rejected").asLong(),
          sql.one("SELECT COUNT(*) FROM " + db + ".dead_letter").getLong(0));
      assertThat(db, record.get("counts").get("dead_letters").asLong(), greaterThan(10L));
    }
  }

  @Test
  public void projectionPropertiesAreStoredForAthena() {
    Map<String, String> p = sql.tableProperties("cdc_json.cdc_events");
    assertEquals("true", p.get("projection.enabled"));
    assertEquals("date", p.get("projection.dt.type"));
    assertEquals("yyyy-MM-dd", p.get("projection.dt.format"));
    assertEquals("2024-06-01,NOW", p.get("projection.dt.range"));
    assertEquals("DAYS", p.get("projection.dt.interval.unit"));
    assertEquals("integer", p.get("projection.hour.type"));
    assertEquals("0,23", p.get("projection.hour.range"));
    assertEquals("2", p.get("projection.hour.digits"));
    assertEquals(projection(p), projection(sql.tableProperties("cdc_parquet.cdc_events")));
  }

  private static Map<String, String> projection(Map<String, String> properties) {
    Map<String, String> p = new TreeMap<>(properties);
    p.keySet().removeIf(k -> !k.startsWith("projection."));
    return p;
  }
}

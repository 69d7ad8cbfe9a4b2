package io.salespipelines.querytests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Runs the catalog DDL of a real output ({@code _catalog/*.sql}, every file as written, in file-name
 * order) in Spark SQL with Hive support and an embedded Derby metastore, then queries the tables in
 * place: each table's row count and money totals must equal the run records' counts and the sums
 * of its own Parquet files, and the views must agree with the tables.
 *
 * <p>What differs from Athena: partition projection, which Spark does not do: it stores the
 * {@code projection.*} table properties and ignores them, and the {@code MSCK REPAIR TABLE} files
 * load the partitions instead (Athena skips them for projected tables). Spark reads with its
 * default, vectorized Parquet reader, which takes the money columns' FIXED_LEN_BYTE_ARRAY decimals.
 */
public class CatalogInSparkSqlTest {
  private static final String DB = "sales_marts";
  private static TwoSalesMartsRuns runs;
  private static SparkSession spark;
  private static List<String> executed = new ArrayList<>();

  @BeforeClass
  public static void createTheCatalog() throws IOException {
    runs = TwoSalesMartsRuns.get();
    Path hive = runs.output.getParent().resolve("hive");
    TwoSalesMartsRuns.deleteTree(hive);
    Files.createDirectories(hive);
    System.setProperty("derby.system.home", hive.toString());
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("catalog-in-spark-sql")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "2")
            // Spark's default, vectorized Parquet reader: money is FIXED_LEN_BYTE_ARRAY(8), which it
            // reads (it rejected the BINARY decimals parquet-avro writes for Avro bytes).
            .config("spark.sql.warehouse.dir", hive.resolve("warehouse").toUri().toString())
            .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                "jdbc:derby:;databaseName=" + hive.resolve("metastore_db") + ";create=true")
            .enableHiveSupport()
            .getOrCreate();
    List<Path> files;
    try (Stream<Path> list = Files.list(runs.output.resolve("_catalog"))) {
      files = list.filter(p -> p.toString().endsWith(".sql")).sorted().collect(Collectors.toList());
    }
    for (Path file : files) {
      spark.sql(Files.readString(file));
      executed.add(file.getFileName().toString());
    }
  }

  @AfterClass
  public static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static Row one(String sql) {
    List<Row> rows = spark.sql(sql).collectAsList();
    assertEquals(sql, 1, rows.size());
    return rows.get(0);
  }

  private static List<GenericRecord> parquet(String table) throws IOException {
    return ParquetFiles.records(runs.output.resolve(table));
  }

  @Test
  public void everyStatementFileRan() {
    assertEquals(
        List.of("000_database.sql", "100_table_store_product_sales.sql", "101_table_customer_mart.sql",
            "102_table_sales_team_mart.sql", "103_table_customer_monthly_spend.sql",
            "104_table_sales_team_incentive.sql", "105_table_dead_letter.sql",
            "202_projection_sales_team_mart.sql", "302_repair_sales_team_mart.sql",
            "400_view_product_sales.sql", "401_view_monthly_store_sales.sql",
            "402_view_incentive_winners.sql", "403_view_dead_letters_by_run.sql"),
        executed);
  }

  @Test
  public void columnTypesAreDecimalAndDate() {
    StructType mart = spark.table(DB + ".customer_mart").schema();
    assertEquals(DataTypes.createDecimalType(18, 2), mart.apply("total_cost").dataType());
    assertEquals(DataTypes.DateType, mart.apply("sales_date").dataType());
    StructType team = spark.table(DB + ".sales_team_mart").schema();
    assertEquals(DataTypes.StringType, team.apply("sales_month").dataType());
    assertEquals(DataTypes.StringType, team.apply("store_id").dataType());
    assertEquals(DataTypes.LongType, spark.table(DB + ".dead_letter").schema().apply("line").dataType());
  }

  @Test
  public void rowTablesHoldEveryValidRowOfBothRunsToTheCent() throws IOException {
    long valid = runs.total("valid");
    assertThat(valid, greaterThan(TwoSalesMartsRuns.ROWS * 9 / 10));
    BigDecimal parquetTotal = ParquetFiles.sum(parquet("customer_mart"), "total_cost");
    for (String table : List.of("customer_mart", "sales_team_mart")) {
      Row r = one("SELECT COUNT(*), SUM(total_cost) FROM " + DB + "." + table);
      assertEquals(table + " rows", valid, r.getLong(0));
      assertEquals(table + " total", parquetTotal, r.getDecimal(1));
    }
    assertEquals(parquetTotal, ParquetFiles.sum(parquet("sales_team_mart"), "total_cost"));
  }

  @Test
  public void partitionsAreTheFoldersAndTheirValuesAreColumns() throws IOException {
    long folders;
    try (Stream<Path> walk = Files.walk(runs.output.resolve("sales_team_mart"), 2)) {
      folders = walk.filter(p -> p.getFileName().toString().startsWith("store_id=")).count();
    }
    assertEquals(folders, spark.sql("SHOW PARTITIONS " + DB + ".sales_team_mart").count());
    Row r = one("SELECT COUNT(*) FROM " + DB + ".sales_team_mart"
        + " WHERE sales_month <> date_format(sales_date, 'yyyy-MM') OR store_id IS NULL");
    assertEquals(0L, r.getLong(0));
    assertThat(one("SELECT COUNT(DISTINCT store_id) FROM " + DB + ".sales_team_mart").getLong(0), greaterThan(1L));
  }

  @Test
  public void aggregateTablesEqualTheirParquetAndTheRowTables() throws IOException {
    long valid = runs.total("valid");
    BigDecimal total = ParquetFiles.sum(parquet("customer_mart"), "total_cost");
    Map<String, String[]> money = new TreeMap<>();
    money.put("store_product_sales", new String[] {"total_sales"});
    money.put("customer_monthly_spend", new String[] {"monthly_total"});
    money.put("sales_team_incentive", new String[] {"total_sales", "incentive"});
    for (Map.Entry<String, String[]> t : money.entrySet()) {
      List<GenericRecord> files = parquet(t.getKey());
      String sums = String.join(", ", java.util.Arrays.stream(t.getValue()).map(c -> "SUM(" + c + ")")
          .collect(Collectors.toList()));
      Row r = one("SELECT COUNT(*), " + sums + " FROM " + DB + "." + t.getKey());
      assertEquals(t.getKey() + " rows", files.size(), r.getLong(0));
      for (int i = 0; i < t.getValue().length; i++) {
        assertEquals(t.getKey() + "." + t.getValue()[i], ParquetFiles.sum(files, t.getValue()[i]), r.getDecimal(i + 1));
      }
      // Every aggregate covers all sales accepted so far.
      assertEquals(t.getKey() + " adds up to the sales", total, r.getDecimal(1));
    }
    assertEquals(valid, one("SELECT SUM(transaction_count) FROM " + DB + ".store_product_sales").getLong(0));
  }

  @Test
  public void deadLettersAreTheRunRecordsCountsPerType() throws IOException {
    assertEquals(runs.deadLetterEntries(), one("SELECT COUNT(*) FROM " + DB + ".dead_letter").getLong(0));
    Map<String, Long> expected = new TreeMap<>();
    for (JsonNode record : runs.runRecords()) {
      String runId = record.get("run_id").asText();
      for (String counts : List.of("dead_letters_by_type", "files_rejected_by_type")) {
        record.get("counts").get(counts).fields()
            .forEachRemaining(e -> expected.merge(runId + " " + e.getKey(), e.getValue().asLong(), Long::sum));
      }
    }
    Map<String, Long> found = new TreeMap<>();
    for (Row r : spark.sql("SELECT run_id, error_type, dead_letters FROM " + DB + ".dead_letters_by_run").collectAsList()) {
      found.put(r.getString(0) + " " + r.getString(1), r.getLong(2));
    }
    assertEquals(expected, found);
    assertEquals(2, runs.runRecords().size());
  }

  @Test
  public void viewsAgreeWithTheTables() throws IOException {
    BigDecimal total = ParquetFiles.sum(parquet("customer_mart"), "total_cost");
    Row products = one("SELECT SUM(total_sales), SUM(transaction_count), COUNT(*) FROM " + DB + ".product_sales");
    assertEquals(total, products.getDecimal(0));
    assertEquals(runs.total("valid"), products.getLong(1));
    assertEquals(
        one("SELECT COUNT(DISTINCT product_id) FROM " + DB + ".store_product_sales").getLong(0), products.getLong(2));

    Row months = one("SELECT SUM(total_sales), SUM(incentives) FROM " + DB + ".monthly_store_sales");
    List<GenericRecord> incentives = parquet("sales_team_incentive");
    assertEquals(total, months.getDecimal(0));
    assertEquals(ParquetFiles.sum(incentives, "incentive"), months.getDecimal(1));

    // The winners are exactly the rows that earned an incentive (rate 0.01 > 0).
    Map<String, BigDecimal> winners = new HashMap<>();
    for (GenericRecord r : incentives) {
      if (ParquetFiles.money(r, "incentive").signum() > 0) {
        winners.put(r.get("store_id") + "/" + r.get("sales_person_id") + "/" + r.get("year") + "-" + r.get("month"),
            ParquetFiles.money(r, "total_sales"));
      }
    }
    Map<String, BigDecimal> viewed = new HashMap<>();
    for (Row r : spark.sql("SELECT store_id, sales_person_id, year, month, total_sales FROM "
        + DB + ".incentive_winners").collectAsList()) {
      viewed.put(r.getString(0) + "/" + r.getString(1) + "/" + r.getInt(2) + "-" + r.getInt(3), r.getDecimal(4));
    }
    assertThat(winners.size(), greaterThan(10));
    assertEquals(winners, viewed);
  }

  @Test
  public void projectionPropertiesAreStoredForAthena() {
    Map<String, String> properties = new TreeMap<>();
    for (Row r : spark.sql("SHOW TBLPROPERTIES " + DB + ".sales_team_mart").collectAsList()) {
      properties.put(r.getString(0), r.getString(1));
    }
    assertEquals("true", properties.get("projection.enabled"));
    assertEquals("2025-01,NOW", properties.get("projection.sales_month.range"));
    assertTrue(properties.get("projection.store_id.values"), properties.get("projection.store_id.values").contains(","));
  }
}

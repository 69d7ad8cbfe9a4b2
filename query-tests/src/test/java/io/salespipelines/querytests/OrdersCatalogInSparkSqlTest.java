package io.salespipelines.querytests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The orders-analytics catalog ({@code _catalog/*.sql} of {@link TwoOrdersAnalyticsRuns}, every
 * file as written) run in Spark SQL with Hive support: the fact tables hold every valid order and
 * item of both runs to the cent (run records, Parquet files and the generator's own totals agree),
 * their partitions are the folders, the metric tables equal their Parquet, and the view {@code
 * monthly_kpis} equals the metric tables month by month.
 */
public class OrdersCatalogInSparkSqlTest {
  private static final String DB = "orders_analytics";
  private static TwoOrdersAnalyticsRuns runs;
  private static SparkSqlCatalog sql;

  @BeforeClass
  public static void createTheCatalog() throws IOException {
    runs = TwoOrdersAnalyticsRuns.get();
    sql = SparkSqlCatalog.start(runs.output.getParent().resolve("hive"), "orders-catalog-in-spark-sql")
        .run(runs.output.resolve("_catalog"));
  }

  @AfterClass
  public static void stop() {
    if (sql != null) {
      sql.stop();
    }
  }

  private static List<GenericRecord> parquet(String table) throws IOException {
    return ParquetFiles.records(runs.output.resolve(table));
  }

  @Test
  public void everyStatementFileRan() {
    assertEquals(
        List.of("000_database.sql", "100_table_fact_orders.sql", "101_table_fact_order_items.sql",
            "102_table_monthly_revenue.sql", "103_table_revenue_mom.sql", "104_table_category_sales_monthly.sql",
            "105_table_monthly_active_customers.sql", "106_table_cohort_retention.sql",
            "107_table_monthly_churn.sql", "108_table_dead_letter.sql", "200_projection_fact_orders.sql",
            "201_projection_fact_order_items.sql", "300_repair_fact_orders.sql", "301_repair_fact_order_items.sql",
            "400_view_monthly_kpis.sql", "401_view_dead_letters_by_run.sql"),
        sql.executed);
  }

  @Test
  public void columnTypesAreDecimalDateAndTimestamp() {
    StructType orders = sql.spark.table(DB + ".fact_orders").schema();
    assertEquals(DataTypes.createDecimalType(18, 2), orders.apply("order_total").dataType());
    assertEquals(DataTypes.createDecimalType(18, 2), orders.apply("payment_amount").dataType());
    assertEquals(DataTypes.TimestampType, orders.apply("order_ts").dataType());
    assertEquals(DataTypes.DateType, orders.apply("signup_date").dataType());
    assertEquals(DataTypes.StringType, orders.apply("order_year").dataType());
    assertEquals(DataTypes.createDecimalType(18, 2),
        sql.spark.table(DB + ".fact_order_items").schema().apply("unit_price").dataType());
  }

  @Test
  public void factTablesHoldEveryValidOrderAndItemOfBothRunsToTheCent() throws IOException {
    long valid = runs.total("valid");
    assertEquals("the run records count the generated good orders", runs.generated.goodOrders, valid);
    assertThat(valid, greaterThan(TwoOrdersAnalyticsRuns.ORDERS * 9 / 10));
    List<GenericRecord> orders = parquet("fact_orders");
    List<GenericRecord> items = parquet("fact_order_items");
    BigDecimal total = ParquetFiles.sum(orders, "order_total");
    assertEquals(runs.generated.goodOrderTotal, total);

    Row o = sql.one("SELECT COUNT(*), SUM(order_total), SUM(item_count), COUNT(DISTINCT order_id) FROM " + DB + ".fact_orders");
    assertEquals(valid, o.getLong(0));
    assertEquals(total, o.getDecimal(1));
    assertEquals(valid, o.getLong(3));
    Row i = sql.one("SELECT COUNT(*), SUM(line_total), SUM(unit_price * quantity) FROM " + DB + ".fact_order_items");
    assertEquals(items.size(), i.getLong(0));
    assertEquals(runs.generated.goodItems, i.getLong(0));
    assertEquals(o.getLong(2), i.getLong(0));
    assertEquals(ParquetFiles.sum(items, "line_total"), i.getDecimal(1));
    assertEquals("an order's total is the sum of its lines", total, i.getDecimal(1));
    assertEquals(0, total.compareTo(i.getDecimal(2)));
    // Each order's total equals its items', joined across the two tables' partitions.
    assertEquals(0L, sql.one("SELECT COUNT(*) FROM " + DB + ".fact_orders o JOIN (SELECT order_id, SUM(line_total) t FROM "
        + DB + ".fact_order_items GROUP BY order_id) i ON i.order_id = o.order_id WHERE i.t <> o.order_total").getLong(0));
  }

  @Test
  public void partitionsAreTheFoldersAndAgreeWithTheOrderTime() throws IOException {
    for (String table : List.of("fact_orders", "fact_order_items")) {
      List<String> folders;
      try (Stream<Path> walk = Files.walk(runs.output.resolve(table), 2)) {
        folders = walk.filter(p -> p.getFileName().toString().startsWith("order_month="))
            .map(p -> runs.output.resolve(table).relativize(p).toString()).sorted().collect(Collectors.toList());
      }
      List<String> partitions = sql.rows("SHOW PARTITIONS " + DB + "." + table).stream()
          .map(r -> r.getString(0)).sorted().collect(Collectors.toList());
      assertEquals(table, folders, partitions);
      assertEquals(table, 6, partitions.size());
    }
    assertEquals(0L, sql.one("SELECT COUNT(*) FROM " + DB + ".fact_orders"
        + " WHERE concat(order_year, '-', order_month) <> date_format(order_ts, 'yyyy-MM')").getLong(0));
    // Partition pruning by the folder values: one month's rows are that month's folder's rows.
    long[] inFolder = {0};
    ParquetFiles.forEach(runs.output.resolve("fact_orders"), (partition, r) -> {
      if (partition.equals("order_year=2025/order_month=03")) {
        inFolder[0]++;
      }
    });
    assertThat(inFolder[0], greaterThan(0L));
    assertEquals(inFolder[0], sql.one("SELECT COUNT(*) FROM " + DB + ".fact_orders"
        + " WHERE order_year = '2025' AND order_month = '03'").getLong(0));
  }

  @Test
  public void metricTablesEqualTheirParquet() throws IOException {
    Map<String, String[]> money = new TreeMap<>();
    money.put("monthly_revenue", new String[] {"revenue", "aov"});
    money.put("revenue_mom", new String[] {"revenue", "running_revenue"});
    money.put("category_sales_monthly", new String[] {"revenue"});
    money.put("cohort_retention", new String[] {"retention_pct"});
    money.put("monthly_churn", new String[] {});
    money.put("monthly_active_customers", new String[] {});
    for (Map.Entry<String, String[]> t : money.entrySet()) {
      List<GenericRecord> files = parquet(t.getKey());
      assertThat(t.getKey(), files.size(), greaterThan(0));
      String sums = Arrays.stream(t.getValue()).map(c -> ", SUM(" + c + ")").collect(Collectors.joining());
      Row r = sql.one("SELECT COUNT(*)" + sums + " FROM " + DB + "." + t.getKey());
      assertEquals(t.getKey() + " rows", files.size(), r.getLong(0));
      for (int i = 0; i < t.getValue().length; i++) {
        assertEquals(t.getKey() + "." + t.getValue()[i], ParquetFiles.sum(files, t.getValue()[i]), r.getDecimal(i + 1));
      }
    }
    // Revenue is that of paid orders, as the generator planned it, in every metric table that has it.
    for (String table : List.of("monthly_revenue", "revenue_mom", "category_sales_monthly")) {
      assertEquals(table, runs.generated.paidRevenue, sql.one("SELECT SUM(revenue) FROM " + DB + "." + table).getDecimal(0));
    }
    assertEquals(runs.generated.paidOrders, sql.one("SELECT SUM(orders) FROM " + DB + ".monthly_revenue").getLong(0));
  }

  @Test
  public void monthlyKpisAreTheMetricTablesMonthByMonth() throws IOException {
    Map<String, List<Object>> expected = new TreeMap<>();
    for (GenericRecord r : parquet("revenue_mom")) {
      List<Object> row = new ArrayList<>(Arrays.asList(null, ParquetFiles.money(r, "revenue"), null,
          r.get("mom_growth_pct") == null ? null : ParquetFiles.money(r, "mom_growth_pct"),
          ParquetFiles.money(r, "running_revenue"), null, null, null));
      expected.put(r.get("month").toString(), row);
    }
    for (GenericRecord r : parquet("monthly_revenue")) {
      List<Object> row = expected.get(r.get("month").toString());
      row.set(0, r.get("orders"));
      row.set(2, ParquetFiles.money(r, "aov"));
    }
    for (GenericRecord r : parquet("monthly_churn")) {
      List<Object> row = expected.get(r.get("month").toString());
      row.set(5, r.get("active_customers"));
      row.set(6, r.get("churned"));
      row.set(7, r.get("churn_pct") == null ? null : ParquetFiles.money(r, "churn_pct"));
    }
    Map<String, List<Object>> viewed = new TreeMap<>();
    for (Row r : sql.rows("SELECT month, orders, revenue, aov, mom_growth_pct, running_revenue, active_customers,"
        + " churned, churn_pct FROM " + DB + ".monthly_kpis")) {
      List<Object> row = new ArrayList<>();
      for (int i = 1; i < r.length(); i++) {
        row.add(r.get(i));
      }
      viewed.put(r.getString(0), row);
    }
    assertEquals(6, expected.size());
    assertEquals(expected, viewed);
  }

  @Test
  public void deadLettersAreTheRunRecordsCountsPerType() throws IOException {
    Map<String, Long> expected = new TreeMap<>();
    long entries = 0;
    for (JsonNode record : runs.runRecords()) {
      String runId = record.get("run_id").asText();
      for (String counts : List.of("dead_letters_by_type", "files_rejected_by_type")) {
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) record.get("counts").get(counts)::fields) {
          expected.merge(runId + " " + e.getKey(), e.getValue().asLong(), Long::sum);
          entries += e.getValue().asLong();
        }
      }
    }
    Map<String, Long> found = new TreeMap<>();
    for (Row r : sql.rows("SELECT run_id, error_type, dead_letters FROM " + DB + ".dead_letters_by_run")) {
      found.put(r.getString(0) + " " + r.getString(1), r.getLong(2));
    }
    assertEquals(expected, found);
    assertEquals(entries, sql.one("SELECT COUNT(*) FROM " + DB + ".dead_letter").getLong(0));
    assertThat(entries, greaterThan(TwoOrdersAnalyticsRuns.ORDERS / 100));
    assertEquals(2, runs.runRecords().size());
  }

  @Test
  public void projectionPropertiesAreStoredForAthena() {
    Map<String, String> p = sql.tableProperties(DB + ".fact_orders");
    assertEquals("true", p.get("projection.enabled"));
    assertEquals("integer", p.get("projection.order_year.type"));
    assertEquals("2025,2025", p.get("projection.order_year.range"));
    assertEquals("integer", p.get("projection.order_month.type"));
    assertEquals("1,12", p.get("projection.order_month.range"));
    assertEquals("2", p.get("projection.order_month.digits"));
  }
}

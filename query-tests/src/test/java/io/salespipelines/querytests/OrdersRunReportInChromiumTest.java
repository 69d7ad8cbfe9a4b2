package io.salespipelines.querytests;

import static io.salespipelines.querytests.HeadlessChromium.number;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;

/**
 * The orders-analytics run report of {@link TwoOrdersAnalyticsRuns} opened from disk in headless
 * Chromium: its charts (revenue, growth, category mix, the cohort heat map, churn, dead letters) are
 * drawn, the console stays clean, and the numbers printed equal the metric tables' Parquet files,
 * the run records and the generator's own totals.
 */
public class OrdersRunReportInChromiumTest {
  private static TwoOrdersAnalyticsRuns runs;
  private static HeadlessChromium page;

  @BeforeClass
  public static void openTheReport() throws IOException {
    HeadlessChromium.assumeInstalled();
    runs = TwoOrdersAnalyticsRuns.get();
    page = HeadlessChromium.open(runs.output.resolve("_report/index.html"), runs.output.getParent());
  }

  @AfterClass
  public static void close() throws IOException {
    if (page != null) {
      page.close(Paths.get("target", "orders-report-screenshot.png"));
    }
  }

  private static List<GenericRecord> parquet(String table) throws IOException {
    return ParquetFiles.records(runs.output.resolve(table));
  }

  @Test
  public void consoleHasNoErrorsOrWarningsAndNothingComesFromElsewhere() throws IOException {
    assertEquals(List.of(), page.consoleErrors);
    page.assertSelfContained(runs.output.resolve("_report/index.html"));
  }

  @Test
  public void everyChartDrawsEachOfItsDataPoints() throws IOException {
    assertEquals(
        List.of("chart-revenue", "chart-revenue-2", "chart-categories", "chart-retention", "chart-churn",
            "chart-dead-letters"),
        page.assertChartsDrawn());
    // The heat map has a cell per cohort and month since, each with its percentage printed.
    String heat = page.browser.findElement(By.id("chart-retention")).getAttribute("textContent");
    assertTrue(heat, heat.contains("100.00%"));
  }

  @Test
  public void runCountsAtTheTopAreTheLastRunRecord() throws IOException {
    JsonNode last = runs.runRecords().get(runs.runRecords().size() - 1);
    Map<String, String> figures = page.figures("counts");
    assertEquals(last.get("counts").get("rows_read").asLong(), number(figures.get("Rows read")).longValueExact());
    assertEquals(last.get("counts").get("valid").asLong(), number(figures.get("Valid")).longValueExact());
    assertEquals(last.get("counts").get("dead_letters").asLong(), number(figures.get("Dead letters")).longValueExact());
    assertEquals(last.get("input_files").size(), number(figures.get("Files read")).intValueExact());
    assertTrue(page.browser.findElement(By.tagName("h1")).getText().contains(last.get("run_id").asText()));
  }

  @Test
  public void revenueAovAndGrowthAreTheMetricTables() throws IOException {
    Map<String, String> figures = page.figures("revenue");
    assertEquals(runs.generated.paidRevenue, number(figures.get("Revenue")));
    assertEquals(runs.generated.paidOrders, number(figures.get("Paid orders")).longValueExact());
    Map<String, List<BigDecimal>> expected = new HashMap<>();
    for (GenericRecord r : parquet("monthly_revenue")) {
      expected.put(r.get("month").toString(), new ArrayList<>(Arrays.asList(
          BigDecimal.valueOf((Long) r.get("orders")), ParquetFiles.money(r, "revenue"), ParquetFiles.money(r, "aov"),
          null, null)));
    }
    for (GenericRecord r : parquet("revenue_mom")) {
      List<BigDecimal> row = expected.get(r.get("month").toString());
      row.set(3, r.get("mom_growth_pct") == null ? null : ParquetFiles.money(r, "mom_growth_pct"));
      row.set(4, ParquetFiles.money(r, "running_revenue"));
    }
    List<List<String>> rows = page.cells("revenue");
    assertEquals(6, rows.size());
    for (List<String> row : rows) {
      List<BigDecimal> shown = new ArrayList<>();
      row.subList(1, row.size()).forEach(c -> shown.add(number(c)));
      assertEquals(row.get(0), expected.get(row.get(0)), shown);
    }
    assertEquals(runs.generated.paidRevenue, number(rows.get(rows.size() - 1).get(5)));
  }

  @Test
  public void categoryRevenueIsTheCategoryTablesSums() throws IOException {
    Map<String, BigDecimal> revenue = new HashMap<>();
    for (GenericRecord r : parquet("category_sales_monthly")) {
      revenue.merge(r.get("category").toString(), ParquetFiles.money(r, "revenue"), BigDecimal::add);
    }
    List<List<String>> rows = page.cells("categories");
    assertThat(rows.size(), greaterThan(3));
    BigDecimal previous = null;
    for (List<String> row : rows) {
      assertEquals(row.get(0), revenue.get(row.get(0)), number(row.get(1)));
      assertTrue("largest first", previous == null || previous.compareTo(number(row.get(1))) >= 0);
      previous = number(row.get(1));
    }
  }

  @Test
  public void retentionAndChurnAreTheirTables() throws IOException {
    Map<String, GenericRecord> month1 = new HashMap<>();
    Map<String, Long> sizes = new HashMap<>();
    for (GenericRecord r : parquet("cohort_retention")) {
      sizes.put(r.get("cohort_month").toString(), (Long) r.get("cohort_size"));
      if ((Integer) r.get("months_since") == 1) {
        month1.put(r.get("cohort_month").toString(), r);
      }
    }
    List<List<String>> cohorts = page.cells("retention");
    assertEquals(sizes.size(), cohorts.size());
    for (List<String> row : cohorts) {
      assertEquals(row.get(0), sizes.get(row.get(0)).longValue(), number(row.get(1)).longValueExact());
      GenericRecord m1 = month1.get(row.get(0));
      assertEquals(row.get(0), m1 == null ? null : ParquetFiles.money(m1, "retention_pct"), number(row.get(2)));
    }
    Map<String, GenericRecord> churn = new HashMap<>();
    parquet("monthly_churn").forEach(r -> churn.put(r.get("month").toString(), r));
    List<List<String>> rows = page.cells("churn");
    assertEquals(churn.size(), rows.size());
    for (List<String> row : rows) {
      GenericRecord c = churn.get(row.get(0));
      assertEquals(row.get(0), ((Long) c.get("active_customers")).longValue(), number(row.get(1)).longValueExact());
      assertEquals(row.get(0), c.get("churned") == null ? null : BigDecimal.valueOf((Long) c.get("churned")),
          number(row.get(2)));
      assertEquals(row.get(0), c.get("churn_pct") == null ? null : ParquetFiles.money(c, "churn_pct"), number(row.get(3)));
    }
  }
}

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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;

/**
 * The orders-cdc run reports of {@link CdcRuns} opened from disk in headless Chromium: the JSON run's
 * (with the database) and the Parquet run's. Charts drawn, console clean, the run's own counts at
 * the top, changes per hour equal to the cdc_events files, the order activity windows equal to the
 * database's order_activity, and both formats' reports print the same changes.
 */
public class CdcRunReportInChromiumTest {
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:00").withZone(ZoneOffset.UTC);
  private static CdcRuns runs;
  private static HeadlessChromium page;
  private static Map<String, String> parquetFigures;
  private static List<List<String>> parquetHours;
  private static List<String> parquetCharts;

  @BeforeClass
  public static void openTheReports() throws IOException {
    HeadlessChromium.assumeInstalled();
    runs = CdcRuns.get();
    page = HeadlessChromium.open(runs.parquet.resolve("_report/index.html"), runs.json.getParent());
    parquetCharts = page.assertChartsDrawn();
    parquetFigures = page.figures("changes");
    parquetHours = page.cells("changes");
    page.load(runs.json.resolve("_report/index.html"));
  }

  @AfterClass
  public static void close() throws IOException {
    if (page != null) {
      page.close(Paths.get("target", "cdc-report-screenshot.png"));
    }
  }

  @Test
  public void consoleHasNoErrorsOrWarningsAndNothingComesFromElsewhere() throws IOException {
    assertEquals(List.of(), page.consoleErrors);
    page.assertSelfContained(runs.json.resolve("_report/index.html"));
  }

  @Test
  public void everyChartDrawsEachOfItsDataPoints() throws IOException {
    assertEquals(List.of("chart-changes", "chart-activity", "chart-dead-letters"), page.assertChartsDrawn());
    // Without a database there is no activity section.
    assertEquals(List.of("chart-changes", "chart-dead-letters"), parquetCharts);
  }

  @Test
  public void theRunsOwnCountsAreAtTheTop() throws IOException {
    JsonNode record = CdcRuns.runRecord(runs.json);
    Map<String, String> figures = page.figures("counts");
    assertEquals(record.get("counts").get("records_read").asLong(), number(figures.get("Records read")).longValueExact());
    assertEquals(record.get("counts").get("cdc_events_written").asLong(),
        number(figures.get("Cdc events written")).longValueExact());
    assertEquals(record.get("counts").get("dead_letters").asLong(), number(figures.get("Dead letters")).longValueExact());
    assertEquals(record.get("counts").get("duplicates").asLong(), number(figures.get("Duplicates")).longValueExact());
    assertTrue(page.browser.findElement(By.tagName("h1")).getText().contains(record.get("run_id").asText()));
    List<List<String>> runsTable = page.cells("runs");
    assertEquals(1, runsTable.size());
    assertEquals(record.get("run_id").asText(), runsTable.get(0).get(0));
  }

  @Test
  public void changesPerHourAreTheCdcEventsFiles() throws IOException {
    Map<String, long[]> hours = new TreeMap<>();
    Map<String, BigDecimal> value = new HashMap<>();
    List<JsonNode> events = CdcCatalogInSparkSqlTest.jsonEvents(runs.json, new ArrayList<>());
    for (JsonNode e : events) {
      String hour = HOUR.format(Instant.ofEpochSecond(e.get("creation_time").asLong()));
      long[] n = hours.computeIfAbsent(hour, k -> new long[4]);
      int type = List.of("INSERT", "MODIFY", "REMOVE").indexOf(e.get("event_type").asText());
      n[type]++;
      if (type == 0 && e.get("price").isNumber()) {
        n[3] += e.get("quantity").asLong();
        value.merge(hour, e.get("price").decimalValue().multiply(BigDecimal.valueOf(e.get("quantity").asLong())),
            BigDecimal::add);
      }
    }
    List<List<String>> rows = page.cells("changes");
    assertEquals(hours.size(), rows.size());
    assertEquals(3, rows.size());
    for (List<String> row : rows) {
      long[] n = hours.get(row.get(0));
      for (int i = 0; i < 4; i++) {
        assertEquals(row.get(0) + " column " + (i + 1), n[i], number(row.get(i + 1)).longValueExact());
      }
      assertEquals(row.get(0), 0, value.getOrDefault(row.get(0), BigDecimal.ZERO).compareTo(number(row.get(5))));
    }
    Map<String, String> figures = page.figures("changes");
    assertEquals(events.size(), number(figures.get("Changes")).longValueExact());
    assertEquals(0, CdcCatalogInSparkSqlTest.insertedValue(events).compareTo(number(figures.get("Value inserted"))));
    // The Parquet run read the same input: its report prints the same.
    assertEquals(figures, parquetFigures);
    assertEquals(rows, parquetHours);
  }

  @Test
  public void activityWindowsAreTheDatabasesOrderActivity() throws SQLException {
    Map<String, List<String>> database = new HashMap<>();
    DateTimeFormatter second = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    try (Connection c = DriverManager.getConnection(runs.jsonDatabaseUrl());
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT window_start, inserts, modifies, removes, units, \"VALUE\" FROM order_activity")) {
      while (rs.next()) {
        database.put(second.format(rs.getObject(1, java.time.LocalDateTime.class)), List.of(
            Long.toString(rs.getLong(2)), Long.toString(rs.getLong(3)), Long.toString(rs.getLong(4)),
            Long.toString(rs.getLong(5)), rs.getBigDecimal(6).toPlainString()));
      }
    }
    List<List<String>> rows = page.cells("activity");
    assertThat(rows.size(), greaterThan(10));
    assertEquals(Math.min(database.size(), 120), rows.size());
    for (List<String> row : rows) {
      List<String> shown = new ArrayList<>();
      for (int i = 2; i < row.size(); i++) {
        shown.add(number(row.get(i)).toPlainString());
      }
      assertEquals(row.get(0), database.get(row.get(0)), shown);
    }
  }
}

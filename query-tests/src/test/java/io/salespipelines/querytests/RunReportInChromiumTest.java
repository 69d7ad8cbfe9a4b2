package io.salespipelines.querytests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Opens the run report of a real output ({@code _report/index.html}, from disk, as a user would)
 * in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, installed by {@code
 * scripts/test-browser.sh}) and checks that every chart drew its data, that the console stayed
 * free of errors (the page's Content-Security-Policy turns any attempt to load something from
 * elsewhere into one), and that the numbers printed on the page equal the tables' and the run
 * records'. It also leaves a full-page screenshot in {@code target/report-screenshot.png}.
 */
public class RunReportInChromiumTest {
  private static TwoSalesMartsRuns runs;
  private static ChromeDriver browser;
  private static List<String> consoleErrors;

  @BeforeClass
  public static void openTheReport() throws IOException {
    // CI installs them (.ci/run); elsewhere the test says what is missing instead of failing.
    HeadlessChromium.assumeInstalled();
    runs = TwoSalesMartsRuns.get();
    HeadlessChromium chromium =
        HeadlessChromium.open(runs.output.resolve("_report/index.html"), runs.output.getParent());
    browser = chromium.browser;
    consoleErrors = chromium.consoleErrors;
  }

  @AfterClass
  public static void close() throws IOException {
    if (browser != null) {
      try {
        // The top of the page (for the README), each section, and the whole page.
        browser.manage().window().setSize(new Dimension(1280, 1700));
        Files.write(Paths.get("target", "report-screenshot-top.png"), browser.getScreenshotAs(OutputType.BYTES));
        for (WebElement section : browser.findElements(By.tagName("section"))) {
          Files.write(Paths.get("target", "report-" + section.getAttribute("id") + ".png"),
              section.getScreenshotAs(OutputType.BYTES));
        }
        JavascriptExecutor js = browser;
        js.executeScript("window.scrollTo(0, 0)");
        long height = (Long) js.executeScript("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(1280, (int) Math.min(height, 10000)));
        Files.write(Paths.get("target", "report-screenshot.png"), browser.getScreenshotAs(OutputType.BYTES));
      } finally {
        browser.quit();
      }
    }
  }

  @Test
  public void consoleHasNoErrorsOrWarnings() {
    assertEquals(List.of(), consoleErrors);
  }

  @Test
  public void pageLoadsNothingFromElsewhere() throws IOException {
    assertEquals(0L, browser.findElements(By.cssSelector("script[src], link, img, iframe, object, embed")).size());
    String html = Files.readString(runs.output.resolve("_report/index.html"));
    assertTrue(html.contains("Content-Security-Policy\" content=\"default-src 'none';"));
  }

  @Test
  public void everyChartDrawsEachOfItsDataPoints() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<WebElement> charts = browser.findElements(By.cssSelector("div.chart"));
    assertEquals(
        List.of("chart-sales", "chart-sales-2", "chart-products", "chart-winners", "chart-earners",
            "chart-dead-letters"),
        charts.stream().map(c -> c.getAttribute("id")).collect(Collectors.toList()));
    for (WebElement chart : charts) {
      String id = chart.getAttribute("id");
      JsonNode option = json.readTree(
          browser.findElement(By.id(chart.getAttribute("data-option"))).getAttribute("textContent"));
      long points = 0;
      for (JsonNode series : option.get("series")) {
        for (JsonNode d : series.get("data")) {
          points += d.isArray() || d.asDouble() != 0 ? 1 : 0;
        }
      }
      assertThat(id + " has data", points, greaterThan(0L));
      List<WebElement> svg = chart.findElements(By.tagName("svg"));
      assertEquals(id + " draws one SVG", 1, svg.size());
      long shapes = svg.get(0).findElements(By.cssSelector("path, rect")).size();
      assertThat(id + ": shapes for " + points + " data points", shapes, greaterThanOrEqualTo(points));
      String text = svg.get(0).getAttribute("textContent");
      JsonNode axis = option.has("xAxis") && option.get("xAxis").has("data") ? option.get("xAxis") : option.get("yAxis");
      String firstLabel = axis.get("data").get(0).asText();
      assertTrue(id + " labels its axis with '" + firstLabel + "': " + text, text.contains(firstLabel.split(" ")[0]));
      assertThat(id + " is drawn at its size", chart.getSize().getHeight(), greaterThan(200));
    }
  }

  @Test
  public void runCountsAtTheTopAreTheRunRecords() throws IOException {
    JsonNode last = runs.runRecords().get(runs.runRecords().size() - 1);
    Map<String, String> figures = figures("counts");
    assertEquals(last.get("counts").get("rows_read").asLong(), number(figures.get("Rows read")).longValueExact());
    assertEquals(last.get("counts").get("valid").asLong(), number(figures.get("Valid")).longValueExact());
    assertEquals(last.get("counts").get("dead_letters").asLong(), number(figures.get("Dead letters")).longValueExact());
    assertEquals(last.get("input_files").size(), number(figures.get("Files read")).intValueExact());
    assertTrue(browser.findElement(By.tagName("h1")).getText().contains(last.get("run_id").asText()));
    // Options as given, e.g. the output folder.
    assertTrue(cells("run").stream().anyMatch(r -> r.get(0).equals("--output") && r.get(1).equals(runs.output.toString())));
  }

  @Test
  public void deadLettersAndRunsAreTheRunRecords() throws IOException {
    List<JsonNode> records = runs.runRecords();
    Map<String, long[]> expected = new TreeMap<>();
    for (int i = 0; i < records.size(); i++) {
      boolean thisRun = i == records.size() - 1;
      JsonNode c = records.get(i).get("counts");
      for (String counts : List.of("dead_letters_by_type", "files_rejected_by_type")) {
        String suffix = counts.startsWith("files") ? " (files)" : "";
        c.get(counts).fields().forEachRemaining(e -> {
          long[] v = expected.computeIfAbsent(e.getKey() + suffix, k -> new long[2]);
          v[0] += thisRun ? e.getValue().asLong() : 0;
          v[1] += e.getValue().asLong();
        });
      }
    }
    Map<String, long[]> shown = new TreeMap<>();
    for (List<String> row : cells("dead-letters")) {
      shown.put(row.get(0), new long[] {number(row.get(1)).longValueExact(), number(row.get(2)).longValueExact()});
    }
    assertEquals(expected.keySet(), shown.keySet());
    expected.forEach((type, v) -> assertEquals(type, List.of(v[0], v[1]), List.of(shown.get(type)[0], shown.get(type)[1])));

    List<List<String>> rows = cells("runs");
    assertEquals(records.size(), rows.size());
    for (int i = 0; i < records.size(); i++) {
      JsonNode r = records.get(records.size() - 1 - i);
      assertEquals(r.get("run_id").asText(), rows.get(i).get(0));
      assertEquals(r.get("counts").get("rows_read").asLong(), number(rows.get(i).get(4)).longValueExact());
      assertEquals(r.get("counts").get("valid").asLong(), number(rows.get(i).get(5)).longValueExact());
      assertEquals(r.get("counts").get("dead_letters").asLong(), number(rows.get(i).get(6)).longValueExact());
    }
  }

  @Test
  public void salesPerStoreAndMonthAreTheSalesTeamMartsSums() throws IOException {
    // From the row-level mart (its partition folders), a table the report does not read.
    Map<String, BigDecimal> byStoreMonth = new HashMap<>();
    BigDecimal[] total = {BigDecimal.ZERO};
    ParquetFiles.forEach(runs.output.resolve("sales_team_mart"), (partition, r) -> {
      String month = partition.replaceAll("sales_month=([^/]*)/.*", "$1");
      String store = partition.replaceAll(".*store_id=", "");
      byStoreMonth.merge(store + " " + month, ParquetFiles.money(r, "total_cost"), BigDecimal::add);
      total[0] = total[0].add(ParquetFiles.money(r, "total_cost"));
    });
    Map<String, String> figures = figures("sales");
    assertEquals(total[0], number(figures.get("Total sales")));
    assertEquals(runs.total("valid"), number(figures.get("Transactions")).longValueExact());

    List<String> headers = headers("sales");
    List<List<String>> rows = cells("sales");
    assertEquals(20, rows.size());
    int checked = 0;
    for (List<String> row : rows) {
      BigDecimal storeTotal = BigDecimal.ZERO;
      for (int col = 2; col < headers.size() - 1; col++) {
        BigDecimal expected = byStoreMonth.getOrDefault(row.get(0) + " " + headers.get(col), BigDecimal.ZERO);
        assertEquals(row.get(0) + " " + headers.get(col), expected, number(row.get(col)));
        storeTotal = storeTotal.add(expected);
        checked++;
      }
      assertEquals(row.get(0) + " total", storeTotal, number(row.get(row.size() - 1)));
    }
    assertEquals(20 * 12, checked);
  }

  @Test
  public void topProductsAreTheStoreProductSalesSums() throws IOException {
    Map<String, BigDecimal> sales = new HashMap<>();
    Map<String, Long> transactions = new HashMap<>();
    for (GenericRecord r : ParquetFiles.records(runs.output.resolve("store_product_sales"))) {
      sales.merge(r.get("product_id").toString(), ParquetFiles.money(r, "total_sales"), BigDecimal::add);
      transactions.merge(r.get("product_id").toString(), (Long) r.get("transaction_count"), Long::sum);
    }
    BigDecimal best = sales.values().stream().max(BigDecimal::compareTo).orElseThrow();
    List<List<String>> rows = cells("products");
    assertEquals(15, rows.size());
    assertEquals(best, number(rows.get(0).get(2)));
    BigDecimal previous = best;
    for (List<String> row : rows) {
      assertEquals(row.get(1), sales.get(row.get(1)), number(row.get(2)));
      assertEquals(row.get(1), transactions.get(row.get(1)).longValue(), number(row.get(3)).longValueExact());
      assertThat(number(row.get(2)), lessThan(previous.add(BigDecimal.ONE)));
      previous = number(row.get(2));
    }
  }

  @Test
  public void latestMonthsWinnersAreTheTopPerformers() throws IOException {
    Map<String, BigDecimal> best = new HashMap<>();
    Map<String, BigDecimal> incentive = new HashMap<>();
    String latest = "";
    List<GenericRecord> rows = ParquetFiles.records(runs.output.resolve("sales_team_incentive"));
    for (GenericRecord r : rows) {
      String month = String.format("%04d-%02d", (Integer) r.get("year"), (Integer) r.get("month"));
      latest = month.compareTo(latest) > 0 ? month : latest;
    }
    for (GenericRecord r : rows) {
      String month = String.format("%04d-%02d", (Integer) r.get("year"), (Integer) r.get("month"));
      if (month.equals(latest)) {
        best.merge(r.get("store_id").toString(), ParquetFiles.money(r, "total_sales"), BigDecimal::max);
        incentive.merge(r.get("store_id").toString(), ParquetFiles.money(r, "incentive"), BigDecimal::add);
      }
    }
    List<List<String>> shown = cells("winners");
    assertEquals(best.size(), shown.size());
    for (List<String> row : shown) {
      String store = row.get(1).split(" ")[0];
      assertEquals(latest, row.get(0));
      assertEquals(store, best.get(store), number(row.get(3)));
      assertEquals(store, incentive.get(store), number(row.get(4)));
      assertThat(row.get(2).length(), greaterThan(3));
    }
  }

  @Test
  public void topEarnersAreTheIncentivesPerSalesPerson() throws IOException {
    Map<String, BigDecimal> earned = new HashMap<>();
    for (GenericRecord r : ParquetFiles.records(runs.output.resolve("sales_team_incentive"))) {
      earned.merge(r.get("sales_person_id").toString(), ParquetFiles.money(r, "incentive"), BigDecimal::add);
    }
    BigDecimal best = earned.values().stream().max(BigDecimal::compareTo).orElseThrow();
    List<List<String>> rows = cells("earners");
    assertEquals(15, rows.size());
    assertEquals(best, number(rows.get(0).get(4)));
    for (List<String> row : rows) {
      String id = row.get(1).replaceAll(".*\\((SP[0-9]+)\\)$", "$1");
      assertEquals(row.get(1), earned.get(id), number(row.get(4)));
    }
    assertEquals(
        earned.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add), number(figures("winners").get("Incentives paid")));
  }

  private static Map<String, String> figures(String id) {
    Map<String, String> figures = new HashMap<>();
    WebElement box = browser.findElement(By.id(id.equals("counts") ? "counts" : "figures-" + id));
    for (WebElement f : box.findElements(By.className("figure"))) {
      figures.put(f.findElement(By.className("label")).getAttribute("textContent"),
          f.findElement(By.className("value")).getAttribute("textContent"));
    }
    return figures;
  }

  private static List<String> headers(String id) {
    return browser.findElements(By.cssSelector("#table-" + id + " thead th")).stream()
        .map(e -> e.getAttribute("textContent")).collect(Collectors.toList());
  }

  /** The table's cells as the page prints them (read in one call: thousands of cells). */
  @SuppressWarnings("unchecked")
  private static List<List<String>> cells(String id) {
    return (List<List<String>>) browser.executeScript(
        "return Array.from(document.querySelectorAll('#table-' + arguments[0] + ' tbody tr'))"
            + ".map(function (tr) { return Array.from(tr.cells).map(function (td) { return td.textContent; }); });",
        id);
  }

  /** A number as printed (grouped with commas). */
  private static BigDecimal number(String text) {
    return new BigDecimal(text.replace(",", "").trim());
  }
}

package io.salespipelines.querytests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A run report opened from disk in headless Chromium (Debian's {@code chromium} and {@code
 * chromedriver}, see {@link RunReportInChromiumTest}), with what the console said while it loaded,
 * and the page's figures, tables and charts as the tests read them.
 */
final class HeadlessChromium {
  private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");

  final ChromeDriver browser;
  /** Console messages at WARNING or above while the page loaded. */
  final List<String> consoleErrors = new ArrayList<>();

  private HeadlessChromium(ChromeDriver browser) {
    this.browser = browser;
  }

  /** Skips the test class when Chromium is missing, except under CI ({@code CI} set). */
  static void assumeInstalled() {
    assumeTrue("needs " + CHROMIUM + " and " + CHROMEDRIVER + ": scripts/test-browser.sh install",
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER) || System.getenv("CI") != null);
  }

  /** Opens {@code page} with a fresh profile under {@code work}. */
  static HeadlessChromium open(Path page, Path work) throws IOException {
    Path profile = work.resolve("chromium-profile");
    TwoSalesMartsRuns.deleteTree(profile);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile, "--window-size=1280,900");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(work.resolve("chromedriver.log").toFile())
            .build();
    HeadlessChromium c = new HeadlessChromium(new ChromeDriver(service, options));
    // The console check can fail: an error on a page is seen.
    c.browser.get("data:text/html,<script>console.error('probe-' + (6 * 7))</script>");
    assertTrue("console errors reach the test", c.browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .anyMatch(e -> e.getMessage().contains("probe-42")));
    c.load(page);
    return c;
  }

  /** Opens another page in the same browser; {@link #consoleErrors} gains what its console said. */
  void load(Path page) {
    browser.get(page.toUri().toString());
    for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
      System.out.println("console " + e.getLevel() + ": " + e.getMessage());
      if (e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
        consoleErrors.add(e.getLevel() + " " + e.getMessage());
      }
    }
  }

  /** Leaves a screenshot of the whole page (at most 10,000 px high), then quits. */
  void close(Path screenshot) throws IOException {
    try {
      long height = (Long) browser.executeScript("window.scrollTo(0, 0); return document.documentElement.scrollHeight");
      browser.manage().window().setSize(new Dimension(1280, (int) Math.min(height, 10000)));
      Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
    } finally {
      browser.quit();
    }
  }

  /** Nothing loaded from elsewhere: no external element, and the page's policy forbids it. */
  void assertSelfContained(Path page) throws IOException {
    assertEquals(0L, browser.findElements(By.cssSelector("script[src], link, img, iframe, object, embed")).size());
    assertTrue(Files.readString(page).contains("Content-Security-Policy\" content=\"default-src 'none';"));
  }

  /**
   * Each chart of the page, in order, drew one SVG with a shape per non-zero data point of its
   * option, labels its category axis with the first label, and has its height; returns their ids.
   */
  List<String> assertChartsDrawn() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<WebElement> charts = browser.findElements(By.cssSelector("div.chart"));
    for (WebElement chart : charts) {
      String id = chart.getAttribute("id");
      JsonNode option = json.readTree(
          browser.findElement(By.id(chart.getAttribute("data-option"))).getAttribute("textContent"));
      long points = 0;
      for (JsonNode series : option.get("series")) {
        for (JsonNode d : series.get("data")) {
          points += d.isArray() || d.isObject() || d.asDouble() != 0 ? 1 : 0;
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
    return charts.stream().map(c -> c.getAttribute("id")).collect(Collectors.toList());
  }

  /** The headline figures of the top ({@code counts}) or of a section, label to printed value. */
  Map<String, String> figures(String id) {
    Map<String, String> figures = new HashMap<>();
    WebElement box = browser.findElement(By.id(id.equals("counts") ? "counts" : "figures-" + id));
    for (WebElement f : box.findElements(By.className("figure"))) {
      figures.put(f.findElement(By.className("label")).getAttribute("textContent"),
          f.findElement(By.className("value")).getAttribute("textContent"));
    }
    return figures;
  }

  List<String> headers(String id) {
    return browser.findElements(By.cssSelector("#table-" + id + " thead th")).stream()
        .map(e -> e.getAttribute("textContent")).collect(Collectors.toList());
  }

  /** The table's cells as the page prints them (read in one call). */
  @SuppressWarnings("unchecked")
  List<List<String>> cells(String id) {
    return (List<List<String>>) browser.executeScript(
        "return Array.from(document.querySelectorAll('#table-' + arguments[0] + ' tbody tr'))"
            + ".map(function (tr) { return Array.from(tr.cells).map(function (td) { return td.textContent; }); });",
        id);
  }

  /** A number as printed (grouped with commas); an empty cell is null. */
  static BigDecimal number(String text) {
    String plain = text.replace(",", "").replace("%", "").trim();
    return plain.isEmpty() ? null : new BigDecimal(plain);
  }
}

package io.salespipelines.pipelines.publish;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import org.junit.Test;

/**
 * The page as text: data from the input (store names, ids) cannot break out of the page's markup or
 * scripts. {@code RunReportInChromiumTest} (module query-tests) opens a real one in a browser.
 */
public class RunReportTest {
  private static final String HOSTILE = "S1</script><script>alert('x')</script><b>&";

  private static JsonNode run() throws Exception {
    return Charts.JSON.readTree(
        "{\"run_id\":\"r1\",\"job\":\"sales-marts\",\"runner\":\"DirectRunner\",\"status\":\"succeeded\","
            + "\"started_at\":\"2026-11-30T10:00:00Z\",\"finished_at\":\"2026-11-30T10:01:05Z\","
            + "\"options\":{\"input\":\"" + HOSTILE.replace("\"", "\\\"") + "\",\"jdbcPassword\":\"****\"},"
            + "\"input_files\":[{\"path\":\"a.csv\",\"size_bytes\":2048}],\"files_skipped_as_processed\":0,"
            + "\"counts\":{\"rows_read\":1000,\"valid\":980,\"dead_letters\":20,"
            + "\"dead_letters_by_type\":{\"malformed\":20},\"files_rejected_by_type\":{\"wrong_file_type\":1}}}");
  }

  private static String page() throws Exception {
    JsonNode run = run();
    ReportSection section = new ReportSection("stores", HOSTILE, HOSTILE)
        .figure(HOSTILE, HOSTILE)
        .chart(Charts.ranking(List.of(HOSTILE), List.of(new BigDecimal("12.50")), HOSTILE), 200)
        .columns("Store", "Sales #")
        .row(HOSTILE, new BigDecimal("1234567.5"));
    return RunReport.html(run, historyOf(run), List.of(section), "/* echarts */");
  }

  private static RunHistory historyOf(JsonNode run) {
    return new RunHistory(List.of(run), 0);
  }

  @Test
  public void dataCannotBreakOutOfMarkupOrScripts() throws Exception {
    String html = page();
    assertThat(html, not(containsString("<script>alert")));
    assertThat(html, not(containsString("<b>&")));
    assertThat(html, containsString("S1&lt;/script&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;b&gt;&amp;"));
    // Exactly the page's own script elements: the option data, the library and the init code.
    assertEquals(4, html.split("<script", -1).length - 1);
  }

  @Test
  public void chartOptionsSurviveTheTripThroughTheScriptElement() throws Exception {
    ObjectNode option = Charts.ranking(List.of(HOSTILE), List.of(new BigDecimal("12.50")), "s");
    String embedded = Charts.forScript(option);
    assertThat(embedded, not(containsString("<")));
    assertEquals(option, new com.fasterxml.jackson.databind.ObjectMapper()
        .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .readTree(embedded));
  }

  @Test
  public void pageLoadsNothingAndPrintsTheRunsCounts() throws Exception {
    String html = page();
    assertThat(html, containsString("content=\"default-src 'none'; script-src 'unsafe-inline';"));
    assertThat(html, not(containsString(" src=")));
    assertThat(html, not(containsString("<link")));
    assertThat(html, containsString("<span class=\"label\">Rows read</span><span class=\"value\">1,000</span>"));
    assertThat(html, containsString("<td class=\"num\">1,234,567.50</td>"));
    assertThat(html, containsString("<td>--jdbcPassword</td><td>****</td>"));
    assertThat(html, containsString("took 1 min 5 s"));
  }

  @Test
  public void numbersArePrintedGroupedAndToTheCent() {
    assertEquals("1,234.50", ReportSection.money(new BigDecimal("1234.5")));
    assertEquals("-0.01", ReportSection.money(new BigDecimal("-0.005")));
    assertEquals("19,600", ReportSection.count(19_600));
    assertEquals("2.0 %", ReportSection.percent(20, 1000));
    assertEquals("28.6k", ReportSection.compact(new BigDecimal("28601.11")));
    assertEquals("1.23M", ReportSection.compact(new BigDecimal("1234567")));
    // Exact decimal arithmetic, rounded HALF_UP like every amount (a double gave 1.2k and 1.00M).
    assertEquals("1.3k", ReportSection.compact(new BigDecimal("1250.00")));
    assertEquals("1.01M", ReportSection.compact(new BigDecimal("1005000.00")));
    assertEquals("-3", ReportSection.compact(new BigDecimal("-2.50")));
  }

  @Test
  public void theLibraryIsTheWebjarsMinifiedBuild() {
    assertThat(EChartsLibrary.version(), containsString("5."));
    assertThat(EChartsLibrary.script(), containsString("Apache Software Foundation"));
    assertThat(EChartsLibrary.script().length() > 500_000 ? "the whole library" : "a stub",
        containsString("the whole library"));
  }

  @Test
  public void theHeatMapScaleSpansTheCellsInWholeUnits() {
    com.fasterxml.jackson.databind.node.ObjectNode option = Charts.heatmap(
        java.util.List.of("a", "b"), java.util.List.of("r"),
        java.util.List.of(new Charts.Cell(0, 0, new BigDecimal("3.13"), "3.13%", "t"),
            new Charts.Cell(1, 0, new BigDecimal("97.50"), "97.50%", "t")));
    assertEquals("3", option.get("visualMap").get(0).get("min").asText());
    assertEquals("98", option.get("visualMap").get(0).get("max").asText());
    // Cell values go into the page as exact decimals.
    assertEquals("97.50", option.get("series").get(0).get("data").get(1).get(2).asText());
  }
}

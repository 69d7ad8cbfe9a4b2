package io.salespipelines.pipelines.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One section of the run report: a title, a sentence saying what it shows, headline figures,
 * charts (Apache ECharts options, see {@link Charts}) and the table of the numbers they draw.
 * Numbers are printed as {@link #money} and {@link #count} format them (grouped, money to the cent).
 */
public final class ReportSection {
  final String id;
  final String title;
  final String note;
  final Map<String, String> figures = new LinkedHashMap<>();
  /** Charts, drawn one under the other: their options and heights in pixels. */
  final List<ObjectNode> charts = new ArrayList<>();
  final List<Integer> chartHeights = new ArrayList<>();
  final List<String> headers = new ArrayList<>();
  final List<List<String>> rows = new ArrayList<>();
  /** Columns whose cells are numbers (right-aligned). */
  final List<Boolean> numeric = new ArrayList<>();
  String tableNote;
  /** Markup of the page itself (not from data) shown at the end of the section. */
  String extraHtml;

  /**
   * @param id a name unique in the page (letters, digits, '-'), used for its HTML ids
   */
  public ReportSection(String id, String title, String note) {
    if (!id.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("section id must be lower-case letters, digits and '-': " + id);
    }
    this.id = id;
    this.title = title;
    this.note = note;
  }

  /** A headline figure, e.g. "Total sales" = "1,234.56". */
  public ReportSection figure(String label, String value) {
    figures.put(label, value);
    return this;
  }

  /** Adds a chart (an ECharts option, see {@link Charts}) of the given height in pixels. */
  public ReportSection chart(ObjectNode option, int height) {
    charts.add(option);
    chartHeights.add(height);
    return this;
  }

  /** The table's columns; a name ending in {@code " #"} is numeric (the mark is not shown). */
  public ReportSection columns(String... names) {
    for (String name : names) {
      boolean isNumber = name.endsWith(" #");
      headers.add(isNumber ? name.substring(0, name.length() - 2) : name);
      numeric.add(isNumber);
    }
    return this;
  }

  public ReportSection row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(id + ": " + cells.length + " cells for " + headers.size() + " columns");
    }
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(cell == null ? "" : cell instanceof BigDecimal ? money((BigDecimal) cell)
          : cell instanceof Long || cell instanceof Integer ? count(((Number) cell).longValue())
          : cell.toString());
    }
    rows.add(row);
    return this;
  }

  /** A line under the table, e.g. what was left out to keep the page small. */
  public ReportSection tableNote(String text) {
    this.tableNote = text;
    return this;
  }

  private static DecimalFormat format(String pattern) {
    return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
  }

  /** Money as printed on the page: grouped, two decimals, e.g. {@code 1,234.50}. */
  public static String money(BigDecimal amount) {
    return format("#,##0.00").format(amount.setScale(2, RoundingMode.HALF_UP));
  }

  /** A count as printed on the page, e.g. {@code 19,600}. */
  public static String count(long n) {
    return format("#,##0").format(n);
  }

  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1_000);
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  /** A short form for chart labels, e.g. {@code 28.6k}, {@code 1.23M}. */
  public static String compact(BigDecimal amount) {
    BigDecimal a = amount.abs();
    return a.compareTo(MILLION) >= 0 ? format("0.00").format(amount.movePointLeft(6).setScale(2, RoundingMode.HALF_UP)) + "M"
        : a.compareTo(THOUSAND) >= 0 ? format("0.0").format(amount.movePointLeft(3).setScale(1, RoundingMode.HALF_UP)) + "k"
        : format("0").format(amount.setScale(0, RoundingMode.HALF_UP));
  }

  /** A share as a percentage with one decimal, e.g. {@code 2.0 %}. */
  public static String percent(long part, long whole) {
    return whole == 0 ? "0.0 %" : format("0.0").format(100.0 * part / whole) + " %";
  }
}

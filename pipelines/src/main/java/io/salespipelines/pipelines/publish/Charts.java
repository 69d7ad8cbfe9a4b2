package io.salespipelines.pipelines.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * Apache ECharts options for the charts reports draw, as JSON. Only data and declarative settings
 * (no functions), so an option is plain JSON embedded in the page.
 */
public final class Charts {
  static final ObjectMapper JSON = new ObjectMapper();

  private Charts() {}

  /**
   * Vertical bars: one series per entry of {@code series} (its values in {@code categories}' order),
   * stacked when {@code stacked}.
   */
  public static ObjectNode bars(List<String> categories, Map<String, List<? extends Number>> series, boolean stacked) {
    ObjectNode option = base();
    option.putObject("tooltip").put("trigger", "axis").putObject("axisPointer").put("type", "shadow");
    if (series.size() > 1) {
      option.putObject("legend").put("type", "scroll").put("top", 0);
    }
    option.putObject("grid").put("left", 10).put("right", 20).put("top", series.size() > 1 ? 40 : 20)
        .put("bottom", 10).put("containLabel", true);
    ObjectNode x = option.putObject("xAxis").put("type", "category");
    strings(x.putArray("data"), categories);
    x.putObject("axisLabel").put("rotate", categories.size() > 8 ? 30 : 0);
    option.putObject("yAxis").put("type", "value");
    ArrayNode all = option.putArray("series");
    series.forEach((name, values) -> {
      ObjectNode s = all.addObject().put("name", name).put("type", "bar").put("barMaxWidth", 48);
      if (stacked) {
        s.put("stack", "total");
      }
      numbers(s.putArray("data"), values);
    });
    return option;
  }

  /** Horizontal bars, largest first at the top. */
  public static ObjectNode ranking(List<String> labels, List<? extends Number> values, String seriesName) {
    ObjectNode option = base();
    option.putObject("tooltip").put("trigger", "axis").putObject("axisPointer").put("type", "shadow");
    option.putObject("grid").put("left", 10).put("right", 80).put("top", 10).put("bottom", 10)
        .put("containLabel", true);
    option.putObject("xAxis").put("type", "value");
    ObjectNode y = option.putObject("yAxis").put("type", "category").put("inverse", true);
    strings(y.putArray("data"), labels);
    ObjectNode s = option.putArray("series").addObject().put("name", seriesName).put("type", "bar");
    s.putObject("label").put("show", true).put("position", "right");
    numbers(s.putArray("data"), values);
    return option;
  }

  /** One cell of a {@link #heatmap}: its column and row, its value, the text in it and its tooltip. */
  public static final class Cell {
    final int x;
    final int y;
    final Number value;
    final String label;
    final String tooltip;

    public Cell(int x, int y, Number value, String label, String tooltip) {
      this.x = x;
      this.y = y;
      this.value = value;
      this.label = label;
      this.tooltip = tooltip;
    }
  }

  /** A heat map: columns {@code xs}, rows {@code ys} (first at the top), a colour scale on the values. */
  public static ObjectNode heatmap(List<String> xs, List<String> ys, List<Cell> cells) {
    ObjectNode option = base();
    option.putObject("tooltip").put("position", "top").put("formatter", "{@[4]}");
    option.putObject("grid").put("left", 10).put("right", 20).put("top", 10).put("bottom", 70)
        .put("containLabel", true);
    ObjectNode x = option.putObject("xAxis").put("type", "category");
    strings(x.putArray("data"), xs);
    x.putObject("splitArea").put("show", true);
    ObjectNode y = option.putObject("yAxis").put("type", "category").put("inverse", true);
    strings(y.putArray("data"), ys);
    y.putObject("splitArea").put("show", true);
    BigDecimal min = null;
    BigDecimal max = BigDecimal.ZERO;
    ArrayNode data = JSON.createArrayNode();
    for (Cell cell : cells) {
      ArrayNode d = data.addArray();
      d.add(cell.x).add(cell.y);
      number(d, cell.value);
      d.add(cell.label).add(cell.tooltip);
      BigDecimal v = new BigDecimal(cell.value.toString());
      min = min == null ? v : min.min(v);
      max = max.max(v);
    }
    // The scale reads the value (dimension 2), not the label texts after it.
    option.putArray("visualMap").addObject()
        .put("dimension", 2).put("min", min == null ? BigDecimal.ZERO : min.setScale(0, RoundingMode.FLOOR))
        .put("max", max.setScale(0, RoundingMode.CEILING))
        .put("calculable", true).put("orient", "horizontal").put("left", "center").put("bottom", 5)
        .put("itemHeight", 200)
        .putObject("inRange").putArray("color").add("#f4faf4").add("#b7dfc3").add("#5fb48a");
    ObjectNode s = option.putArray("series").addObject().put("type", "heatmap");
    s.set("data", data);
    s.putObject("label").put("show", true).put("formatter", "{@[3]}").put("fontSize", 10).put("color", "#1d2733")
        .put("width", 64).put("overflow", "truncate");
    s.putObject("emphasis").putObject("itemStyle").put("borderColor", "#333").put("borderWidth", 1);
    return option;
  }

  private static ObjectNode base() {
    ObjectNode option = JSON.createObjectNode();
    // No entry animation: the page is read, often printed or captured, right after it opens.
    option.put("animation", false);
    option.putObject("textStyle").put("fontFamily", "inherit");
    return option;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static void numbers(ArrayNode array, List<? extends Number> values) {
    values.forEach(v -> number(array, v));
  }

  private static void number(ArrayNode array, Number value) {
    if (value == null) {
      array.addNull();
    } else if (value instanceof BigDecimal) {
      array.add((BigDecimal) value);
    } else if (value instanceof Long || value instanceof Integer) {
      array.add(value.longValue());
    } else {
      array.add(value.doubleValue());
    }
  }

  /** JSON text safe inside an HTML {@code <script>} element: no {@code <}, {@code >} or {@code &}. */
  static String forScript(JsonNode node) {
    try {
      return JSON.writeValueAsString(node)
          .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

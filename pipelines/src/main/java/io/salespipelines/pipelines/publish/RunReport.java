package io.salespipelines.pipelines.publish;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The run report, {@code <output>/_report/index.html}: one self-contained page (styles, data and the
 * charting library inline; its Content-Security-Policy forbids loading anything) that opens from a
 * local disk. At the top the run's counts, options and inputs (from its run record, secrets already
 * masked there); then the job's sections; then the dead letters by type and the latest runs.
 */
public final class RunReport {
  public static final String FOLDER = "_report";
  /** Input files listed at most; a landing zone can hold thousands. */
  static final int MAX_INPUT_FILES = 200;
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private RunReport() {}

  /** Writes the page and returns its path. */
  static String write(String output, ReportData data, List<ReportSection> jobSections) throws IOException {
    String path = OutputFiles.withSlash(output) + FOLDER + "/index.html";
    OutputFiles.writeText(
        path, html(data.run(), data.history(), jobSections, EChartsLibrary.script()), "text/html");
    return path;
  }

  static String html(JsonNode run, RunHistory history, List<ReportSection> jobSections, String echarts) {
    String job = run.path("job").asText("job");
    JsonNode counts = run.path("counts");
    List<ReportSection> sections = new ArrayList<>();
    sections.add(thisRun(run));
    sections.addAll(jobSections);
    sections.add(deadLettersByType(run, history));
    sections.add(runs(history));

    StringBuilder h = new StringBuilder(1_200_000);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        // Nothing from anywhere: the page is complete as it is, and stays private on a laptop.
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
        .append("script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(esc(job + " run " + run.path("run_id").asText())).append("</title>\n")
        .append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n<header>\n")
        .append("<h1>").append(esc(job)).append(" <span class=\"run\">run ")
        .append(esc(run.path("run_id").asText())).append("</span></h1>\n")
        .append("<p class=\"meta\"><span class=\"status ")
        .append(run.path("status").asText().startsWith("succeeded") ? "ok" : "bad").append("\">")
        .append(esc(run.path("status").asText())).append("</span> on ").append(esc(run.path("runner").asText()))
        .append(" · started ").append(esc(when(run.path("started_at").asText()))).append(" UTC, took ")
        .append(esc(duration(run))).append("</p>\n</header>\n<main>\n");
    h.append("<div class=\"figures\" id=\"counts\">\n");
    if (!counts.has("rows_read")) {
      // A job with counts of its own (orders-cdc: records_read, cdc_events_written, ...): each as named.
      for (String key : numericCounts(run)) {
        figure(h, label(key), ReportSection.count(counts.path(key).asLong()));
      }
    } else {
      figure(h, "Rows read", ReportSection.count(counts.path("rows_read").asLong()));
      figure(h, "Valid", ReportSection.count(counts.path("valid").asLong()));
      figure(h, "Dead letters", ReportSection.count(counts.path("dead_letters").asLong()));
      figure(h, "Dead-letter share",
          ReportSection.percent(counts.path("dead_letters").asLong(), counts.path("rows_read").asLong()));
      figure(h, "Files read", ReportSection.count(run.path("input_files").size()));
      figure(h, "Files rejected whole", ReportSection.count(sum(counts.path("files_rejected_by_type"))));
      figure(h, "Files skipped (done before)", ReportSection.count(run.path("files_skipped_as_processed").asLong()));
      if (run.path("files_left_for_later").size() > 0) {
        figure(h, "Files left for later", ReportSection.count(run.path("files_left_for_later").size()));
      }
      if (run.path("files_unreadable").size() > 0) {
        figure(h, "Files unreadable", ReportSection.count(run.path("files_unreadable").size()));
      }
    }
    h.append("</div>\n");
    for (ReportSection s : sections) {
      section(h, s);
    }
    h.append("</main>\n<footer>Written by ").append(esc(job)).append(" · charts: Apache ECharts ")
        .append(esc(EChartsLibrary.version())).append(", inline</footer>\n");
    h.append("<script>\n").append(echarts).append("\n</script>\n<script>\n").append(INIT).append("</script>\n");
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  /** Options and input files of the run. */
  private static ReportSection thisRun(JsonNode run) {
    JsonNode files = run.path("input_files");
    ReportSection s = new ReportSection(
        "run", "This run", "Options as given (secrets masked)"
            + (run.has("input_files") ? ", and the " + files.size() + " file(s) read." : "."));
    s.columns("Option", "Value");
    run.path("options").fields().forEachRemaining(e -> s.row("--" + e.getKey(), e.getValue().asText()));
    StringBuilder list = new StringBuilder();
    int n = 0;
    for (JsonNode f : files) {
      if (n++ == MAX_INPUT_FILES) {
        list.append("<li>… and ").append(files.size() - MAX_INPUT_FILES).append(" more</li>");
        break;
      }
      list.append("<li><code>").append(esc(f.path("path").asText())).append("</code> <span class=\"size\">")
          .append(esc(bytes(f.path("size_bytes").asLong()))).append("</span></li>");
    }
    if (files.size() > 0) {
      s.extraHtml = "<details" + (files.size() <= 12 ? " open" : "") + "><summary>input files</summary>"
          + "<ul class=\"files\">" + list + "</ul></details>";
    }
    return s;
  }

  /** Dead letters per error type, in each of the latest runs (stacked) and in this one. */
  private static ReportSection deadLettersByType(JsonNode run, RunHistory history) {
    TreeSet<String> types = new TreeSet<>();
    for (JsonNode r : history.runs()) {
      types.addAll(typesOf(r));
    }
    List<String> labels = new ArrayList<>();
    for (JsonNode r : history.runs()) {
      labels.add(when(r.path("started_at").asText()));
    }
    Map<String, List<? extends Number>> series = new LinkedHashMap<>();
    Map<String, Long> totals = new TreeMap<>();
    for (String type : types) {
      List<Long> values = new ArrayList<>();
      for (JsonNode r : history.runs()) {
        long v = byType(r).getOrDefault(type, 0L);
        values.add(v);
        totals.merge(type, v, Long::sum);
      }
      series.put(type, values);
    }
    ReportSection s = new ReportSection(
        "dead-letters", "Dead letters by type",
        "Rejected records per error type in each of the latest " + history.runs().size()
            + " run(s) (x: run start, UTC); \"(files)\" counts files rejected whole.");
    s.chart(Charts.bars(labels, series, true), 340);
    s.columns("Error type", "This run #", "Latest " + history.runs().size() + " runs #");
    Map<String, Long> thisRun = byType(run);
    for (String type : types) {
      s.row(type, thisRun.getOrDefault(type, 0L), totals.get(type));
    }
    if (history.older() > 0) {
      s.tableNote(history.older() + " older run(s) not shown.");
    }
    return s;
  }

  private static ReportSection runs(RunHistory history) {
    ReportSection s = new ReportSection("runs", "Runs", "The latest runs over this output, newest first.");
    List<JsonNode> latest = history.runs();
    if (!latest.isEmpty() && !latest.get(latest.size() - 1).path("counts").has("rows_read")) {
      // Not a batch run record: the latest run's own counts, as named.
      List<String> keys = numericCounts(latest.get(latest.size() - 1));
      List<String> columns = new ArrayList<>(List.of("Run", "Started (UTC)", "Status", "Runner"));
      keys.forEach(k -> columns.add(label(k) + " #"));
      s.columns(columns.toArray(new String[0]));
      for (int i = latest.size() - 1; i >= 0; i--) {
        JsonNode r = latest.get(i);
        List<Object> row = new ArrayList<>(List.of(r.path("run_id").asText(), when(r.path("started_at").asText()),
            r.path("status").asText(), r.path("runner").asText()));
        keys.forEach(k -> row.add(r.path("counts").path(k).asLong()));
        s.row(row.toArray());
      }
      return s;
    }
    s.columns("Run", "Started (UTC)", "Status", "Runner", "Rows read #", "Valid #", "Dead letters #",
        "Files rejected #");
    List<JsonNode> runs = new ArrayList<>(history.runs());
    java.util.Collections.reverse(runs);
    for (JsonNode r : runs) {
      JsonNode c = r.path("counts");
      s.row(r.path("run_id").asText(), when(r.path("started_at").asText()), r.path("status").asText(),
          r.path("runner").asText(), c.path("rows_read").asLong(), c.path("valid").asLong(),
          c.path("dead_letters").asLong(), sum(c.path("files_rejected_by_type")));
    }
    return s;
  }

  /** The names of a run record's counts that are numbers, in their order. */
  private static List<String> numericCounts(JsonNode run) {
    List<String> keys = new ArrayList<>();
    run.path("counts").fields().forEachRemaining(e -> {
      if (e.getValue().isNumber()) {
        keys.add(e.getKey());
      }
    });
    return keys;
  }

  /** A count's name as a label: {@code records_read} is "Records read". */
  static String label(String key) {
    String words = key.replace('_', ' ');
    return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  private static List<String> typesOf(JsonNode run) {
    return new ArrayList<>(byType(run).keySet());
  }

  /** Row-level dead letters per type, and files rejected whole as "type (files)". */
  private static Map<String, Long> byType(JsonNode run) {
    Map<String, Long> types = new TreeMap<>();
    run.path("counts").path("dead_letters_by_type").fields()
        .forEachRemaining(e -> types.merge(e.getKey(), e.getValue().asLong(), Long::sum));
    run.path("counts").path("files_rejected_by_type").fields()
        .forEachRemaining(e -> types.merge(e.getKey() + " (files)", e.getValue().asLong(), Long::sum));
    return types;
  }

  private static long sum(JsonNode numbers) {
    long n = 0;
    for (Iterator<JsonNode> it = numbers.elements(); it.hasNext(); ) {
      n += it.next().asLong();
    }
    return n;
  }

  private static void figure(StringBuilder h, String label, String value) {
    h.append("<div class=\"figure\"><span class=\"label\">").append(esc(label))
        .append("</span><span class=\"value\">").append(esc(value)).append("</span></div>\n");
  }

  private static void section(StringBuilder h, ReportSection s) {
    h.append("<section id=\"section-").append(s.id).append("\">\n<h2>").append(esc(s.title)).append("</h2>\n");
    h.append("<p class=\"note\">").append(esc(s.note)).append("</p>\n");
    if (!s.figures.isEmpty()) {
      h.append("<div class=\"figures small\" id=\"figures-").append(s.id).append("\">\n");
      s.figures.forEach((label, value) -> figure(h, label, value));
      h.append("</div>\n");
    }
    for (int i = 0; i < s.charts.size(); i++) {
      String id = s.id + (i == 0 ? "" : "-" + (i + 1));
      h.append("<div class=\"chart\" id=\"chart-").append(id).append("\" data-option=\"option-").append(id)
          .append("\" style=\"height:").append(s.chartHeights.get(i)).append("px\"></div>\n")
          .append("<script type=\"application/json\" id=\"option-").append(id).append("\">")
          .append(Charts.forScript(s.charts.get(i))).append("</script>\n");
    }
    if (!s.headers.isEmpty() && !s.rows.isEmpty()) {
      h.append("<div class=\"table\"><table id=\"table-").append(s.id).append("\">\n<thead><tr>");
      for (int i = 0; i < s.headers.size(); i++) {
        h.append(s.numeric.get(i) ? "<th class=\"num\">" : "<th>").append(esc(s.headers.get(i))).append("</th>");
      }
      h.append("</tr></thead>\n<tbody>\n");
      for (List<String> row : s.rows) {
        h.append("<tr>");
        for (int i = 0; i < row.size(); i++) {
          h.append(s.numeric.get(i) ? "<td class=\"num\">" : "<td>").append(esc(row.get(i))).append("</td>");
        }
        h.append("</tr>\n");
      }
      h.append("</tbody>\n</table></div>\n");
    }
    if (s.tableNote != null) {
      h.append("<p class=\"small-note\">").append(esc(s.tableNote)).append("</p>\n");
    }
    if (s.extraHtml != null) {
      h.append(s.extraHtml).append('\n');
    }
    h.append("</section>\n");
  }

  static String esc(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<': out.append("&lt;"); break;
        case '>': out.append("&gt;"); break;
        case '&': out.append("&amp;"); break;
        case '"': out.append("&quot;"); break;
        case '\'': out.append("&#39;"); break;
        default: out.append(c);
      }
    }
    return out.toString();
  }

  private static String when(String instant) {
    try {
      return MINUTE.format(Instant.parse(instant));
    } catch (DateTimeParseException e) {
      return instant;
    }
  }

  private static String duration(JsonNode run) {
    try {
      Duration d = Duration.between(
          Instant.parse(run.path("started_at").asText()), Instant.parse(run.path("finished_at").asText()));
      long s = d.getSeconds();
      return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    } catch (DateTimeParseException e) {
      return "";
    }
  }

  private static String bytes(long n) {
    if (n >= 1 << 20) {
      return String.format(java.util.Locale.ROOT, "%.1f MiB", n / 1048576.0);
    }
    return n >= 1024 ? String.format(java.util.Locale.ROOT, "%.1f KiB", n / 1024.0) : n + " B";
  }

  private static final String STYLE =
      "body{margin:0;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
          + "background:#f4f6f8;color:#1d2733}"
          + "header{background:#15324b;color:#fff;padding:18px 32px}"
          + "h1{margin:0;font-size:22px;font-weight:600}h1 .run{font-weight:400;opacity:.8;font-size:16px}"
          + ".meta{margin:6px 0 0;opacity:.9}.status{padding:1px 8px;border-radius:10px;font-weight:600}"
          + ".status.ok{background:#2e8540}.status.bad{background:#c0392b}"
          + "main{max-width:1180px;margin:0 auto;padding:20px 24px 40px}"
          + ".figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin:0 0 18px}"
          + ".figure{background:#fff;border-radius:8px;padding:12px 14px;box-shadow:0 1px 3px rgba(0,0,0,.08)}"
          + ".figures.small .figure{background:#f7f9fb;box-shadow:none;border:1px solid #e3e8ee}"
          + ".figure .label{display:block;font-size:12px;color:#5b6b7b;text-transform:uppercase;letter-spacing:.03em}"
          + ".figure .value{display:block;font-size:22px;font-weight:600;font-variant-numeric:tabular-nums}"
          + "section{background:#fff;border-radius:8px;padding:16px 20px;margin:0 0 18px;"
          + "box-shadow:0 1px 3px rgba(0,0,0,.08)}"
          + "h2{margin:0 0 4px;font-size:17px}.note{margin:0 0 12px;color:#5b6b7b}"
          + ".chart{width:100%}.table{overflow-x:auto;margin-top:8px}"
          + "table{border-collapse:collapse;width:100%;font-size:13px}"
          + "th,td{padding:5px 8px;border-bottom:1px solid #e6eaee;text-align:left;white-space:nowrap}"
          + "th{background:#f2f5f8;font-weight:600}tbody tr:nth-child(even){background:#fafbfc}"
          + ".num{text-align:right;font-variant-numeric:tabular-nums}"
          + ".small-note{color:#5b6b7b;font-size:12px;margin:6px 0 0}"
          + "details{margin-top:8px}summary{cursor:pointer;color:#34506b}"
          + "ul.files{font-size:12px;margin:6px 0 0}.size{color:#5b6b7b}"
          + "footer{text-align:center;color:#8a97a5;font-size:12px;padding:0 0 24px}";

  /** Draws every chart of the page from its JSON option, as SVG (sharp when zoomed or printed). */
  private static final String INIT =
      "(function () {\n"
          + "  var charts = [];\n"
          + "  document.querySelectorAll('div.chart').forEach(function (el) {\n"
          + "    var option = JSON.parse(document.getElementById(el.getAttribute('data-option')).textContent);\n"
          + "    var chart = echarts.init(el, null, {renderer: 'svg'});\n"
          + "    chart.setOption(option);\n"
          + "    charts.push(chart);\n"
          + "  });\n"
          + "  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });\n"
          + "})();\n";
}

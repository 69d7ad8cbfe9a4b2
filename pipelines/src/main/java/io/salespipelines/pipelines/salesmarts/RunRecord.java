package io.salespipelines.pipelines.salesmarts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The record of one run, {@code _runs/<run_id>.json} under the output. Secrets are masked. */
public final class RunRecord {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** Option names whose values are never written anywhere. */
  static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|token|credential|key).*");

  static final String MASK = "****";

  private RunRecord() {}

  /** Command-line options as name to value, with secret-looking ones masked. */
  public static Map<String, String> maskedOptions(List<String> args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        continue;
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
      String value = eq < 0 ? "true" : arg.substring(eq + 1);
      options.put(name, SECRET.matcher(name).matches() ? MASK : value);
    }
    return options;
  }

  /** The run record as JSON. */
  static ObjectNode build(
      String runId,
      String runner,
      String status,
      Map<String, String> options,
      Instant started,
      Instant finished,
      List<LandingZone.InputFile> files,
      int skippedFiles,
      RunCounts counts) {
    ObjectNode record = JSON.createObjectNode();
    record.put("run_id", runId);
    record.put("job", "sales-marts");
    record.put("runner", runner);
    record.put("status", status);
    record.put("started_at", started.toString());
    record.put("finished_at", finished.toString());
    ObjectNode opts = record.putObject("options");
    options.forEach(opts::put);
    ArrayNode inputs = record.putArray("input_files");
    for (LandingZone.InputFile f : files) {
      inputs.addObject().put("path", f.path).put("size_bytes", f.sizeBytes);
    }
    record.put("files_skipped_as_processed", skippedFiles);
    ObjectNode c = record.putObject("counts");
    c.put("rows_read", counts.rowsRead());
    c.put("valid", counts.valid);
    c.put("dead_letters", counts.deadLetterRows());
    ObjectNode byType = c.putObject("dead_letters_by_type");
    counts.deadLetters.forEach(byType::put);
    ObjectNode rejectedFiles = c.putObject("files_rejected_by_type");
    counts.fileLevel.forEach(rejectedFiles::put);
    return record;
  }

  static void write(String output, String runId, ObjectNode record) throws IOException {
    StateFiles.writeText(
        LandingZone.withSlash(output) + "_runs/" + runId + ".json", JSON.writeValueAsString(record));
  }
}

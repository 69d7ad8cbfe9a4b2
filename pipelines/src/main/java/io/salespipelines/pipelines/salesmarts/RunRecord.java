package io.salespipelines.pipelines.salesmarts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/** The record of one run, {@code _runs/<run_id>.json} under the output. Secrets are masked. */
final class RunRecord {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** Option names whose values are never written anywhere. */
  static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|token|credential|key).*");

  static final String MASK = "****";

  private RunRecord() {}

  /** Command-line options as name to value, with secret-looking ones masked. */
  static Map<String, String> maskedOptions(List<String> args) {
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

  static void write(
      String output,
      String runId,
      String runner,
      Map<String, String> options,
      Instant started,
      Instant finished,
      List<LandingZone.InputFile> files,
      RunCounts counts)
      throws IOException {
    ObjectNode record = JSON.createObjectNode();
    record.put("run_id", runId);
    record.put("job", "sales-marts");
    record.put("runner", runner);
    record.put("status", "succeeded");
    record.put("started_at", started.toString());
    record.put("finished_at", finished.toString());
    ObjectNode opts = record.putObject("options");
    options.forEach(opts::put);
    ArrayNode inputs = record.putArray("input_files");
    for (LandingZone.InputFile f : files) {
      inputs.addObject().put("path", f.path).put("size_bytes", f.sizeBytes);
    }
    ObjectNode c = record.putObject("counts");
    c.put("rows_read", counts.rowsRead());
    c.put("valid", counts.valid);
    c.put("dead_letters", counts.deadLetterRows());
    ObjectNode byType = c.putObject("dead_letters_by_type");
    counts.deadLetters.forEach(byType::put);
    ObjectNode rejectedFiles = c.putObject("files_rejected_by_type");
    counts.fileLevel.forEach(rejectedFiles::put);

    ResourceId target =
        FileSystems.matchNewResource(LandingZone.withSlash(output) + "_runs/" + runId + ".json", false);
    if (OutputCommitter.isLocal(target)) {
      java.nio.file.Files.createDirectories(java.nio.file.Paths.get(target.toString()).getParent());
    }
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(target, MimeTypes.TEXT))) {
      out.write(JSON.writeValueAsString(record).getBytes(StandardCharsets.UTF_8));
    }
  }
}

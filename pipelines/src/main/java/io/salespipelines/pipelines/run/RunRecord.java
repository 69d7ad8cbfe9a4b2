package io.salespipelines.pipelines.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipelines.schemas.ErrorType;
import io.salespipelines.pipelines.JobOptions;
import io.salespipelines.transforms.jdbc.JdbcUrls;
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
  static final Pattern SECRET = Pattern.compile("(?i).*(" + JobOptions.SECRET_WORDS + ").*");

  static final String MASK = "****";

  private RunRecord() {}

  /**
   * Command-line options as name to value, with secret-looking ones masked, and credentials inside
   * any URL value (a JDBC URL's password parameter, {@code user:password@host}) masked too.
   */
  public static Map<String, String> maskedOptions(List<String> args) {
    Map<String, String> options = CommandLineOptions.byName(args);
    options.replaceAll((name, value) -> SECRET.matcher(name).matches() ? MASK
        : JobOptions.withoutJsonSecrets(JdbcUrls.withoutSecrets(value)));
    return options;
  }

  /** What the driver knows of a run when it writes the record. */
  static final class Facts {
    String job;
    String runId;
    String runner;
    String status;
    Map<String, String> options;
    Instant started;
    Instant finished;
    LandingZone.Listing listing;
    List<LandingZone.InputFile> read;
    int skippedAsProcessed;
    RunCounts counts;
    Map<String, String> rejectedFiles;
  }

  static ObjectNode build(Facts f) {
    ObjectNode record = JSON.createObjectNode();
    record.put("run_id", f.runId);
    record.put("job", f.job);
    record.put("runner", f.runner);
    record.put("status", f.status);
    record.put("started_at", f.started.toString());
    record.put("finished_at", f.finished.toString());
    ObjectNode opts = record.putObject("options");
    f.options.forEach(opts::put);
    ArrayNode inputs = record.putArray("input_files");
    for (LandingZone.InputFile file : f.read) {
      ObjectNode entry = inputs.addObject().put("path", file.path).put("size_bytes", file.sizeBytes);
      if (file.linkTarget != null) {
        entry.put("link_target", file.linkTarget);
      }
    }
    record.put("files_skipped_as_processed", f.skippedAsProcessed);
    ArrayNode young = record.putArray("files_left_for_later");
    for (LandingZone.InputFile file : f.listing.tooYoung) {
      young.addObject().put("path", file.path).put("reason", "modified less than --minFileAgeSeconds ago");
    }
    ArrayNode unreadable = record.putArray("files_unreadable");
    Map<String, String> reasons = new LinkedHashMap<>();
    for (LandingZone.Problem p : f.listing.problems) {
      reasons.put(p.path, p.reason);
    }
    f.rejectedFiles.forEach((path, type) -> {
      if (ErrorType.UNREADABLE.code().equals(type)) {
        reasons.putIfAbsent(path, "could not be read this time (see dead_letter)");
      }
    });
    reasons.forEach((path, reason) -> unreadable.addObject().put("path", path).put("reason", reason));
    ObjectNode c = record.putObject("counts");
    c.put("rows_read", f.counts.rowsRead());
    c.put("valid", f.counts.valid);
    c.put("dead_letters", f.counts.deadLetterRows());
    ObjectNode byType = c.putObject("dead_letters_by_type");
    f.counts.deadLetters.forEach(byType::put);
    ObjectNode rejectedFiles = c.putObject("files_rejected_by_type");
    f.counts.fileLevel.forEach(rejectedFiles::put);
    f.counts.other.forEach(c::put);
    return record;
  }

  static void write(String output, String runId, ObjectNode record) throws IOException {
    StateFiles.writeText(path(output, runId), JSON.writeValueAsString(record));
  }

  static String path(String output, String runId) {
    return Locations.withSlash(output) + "_runs/" + runId + ".json";
  }
}

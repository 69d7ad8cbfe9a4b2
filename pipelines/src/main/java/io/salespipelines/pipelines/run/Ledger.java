package io.salespipelines.pipelines.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The processed-file ledger, kept with the output ({@code _state/ledger/<run_id>.jsonl}, one line
 * per input file: path, size, modification time, run and status), like a Glue job bookmark. A
 * file listed there with the same size and time is not read again unless {@code --reprocess}.
 */
final class Ledger {
  /** Files with this verdict were not read to a verdict: they stay out of the ledger. */
  private static final String UNREADABLE = io.salespipelines.schemas.ErrorType.UNREADABLE.code();

  private static final ObjectMapper JSON = new ObjectMapper();

  private Ledger() {}

  static String folder(String output) {
    return Locations.withSlash(output) + "_state/ledger/";
  }

  /** The ids of the runs that committed everything (a ledger file each, also when it is empty). */
  static Set<String> runIds(String output) throws IOException {
    Set<String> ids = new HashSet<>();
    for (String file : StateFiles.match(folder(output) + "*.jsonl")) {
      String name = file.substring(file.lastIndexOf('/') + 1);
      ids.add(name.substring(0, name.length() - ".jsonl".length()));
    }
    return ids;
  }

  /** The ledger keys of every file an earlier run processed or rejected. */
  static Set<String> processedKeys(String output) throws IOException {
    Set<String> keys = new HashSet<>();
    for (String file : StateFiles.match(folder(output) + "*.jsonl")) {
      for (String line : StateFiles.readText(file).split("\n")) {
        if (!line.isBlank()) {
          JsonNode entry = JSON.readTree(line);
          keys.add(
              entry.get("path").asText() + "|" + entry.get("size_bytes").asLong() + "|"
                  + entry.get("last_modified_millis").asLong());
        }
      }
    }
    return keys;
  }

  /**
   * This run's ledger lines: each file is {@code processed} or {@code rejected:<error_type>}. A file
   * that could not be read this time is not a verdict on the file and gets no line, so the next run
   * reads it again.
   */
  static String lines(String runId, List<LandingZone.InputFile> files, Map<String, String> rejected)
      throws IOException {
    StringBuilder text = new StringBuilder();
    for (LandingZone.InputFile f : files) {
      String verdict = rejected.get(f.path);
      if (UNREADABLE.equals(verdict)) {
        continue;
      }
      ObjectNode entry = JSON.createObjectNode();
      entry.put("path", f.path);
      entry.put("size_bytes", f.sizeBytes);
      entry.put("last_modified_millis", f.lastModifiedMillis);
      entry.put("run_id", runId);
      entry.put("status", verdict == null ? "processed" : "rejected:" + verdict);
      text.append(JSON.writeValueAsString(entry)).append('\n');
    }
    return text.toString();
  }
}

package io.salespipelines.pipelines.cdc;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipelines.transforms.cdc.WatchFolderSource;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change files that orders-cdc runs which ended cleanly read completely, and the watermark
 * they left: under {@code _state/cdc_files/<run_id>/}, one {@code .done} note per file (written by
 * {@link WatchFolderSource} as it finishes the file), {@code _COMPLETE} at a clean end, and before
 * it {@code _LEDGER.jsonl}: every file of that run and of the runs before it in one file.
 *
 * <p>The next run reads the ledger of the latest clean run and the notes of complete runs it does
 * not cover (runs from before ledgers, or a run that ended before writing one), not one note per
 * file ever read: a watched folder that gets a Firehose file a minute has half a million notes after
 * a year, each a request on S3. A run that was killed has no {@code _COMPLETE}, so its files are
 * read again: the database writes are idempotent (see README).
 */
final class CdcFileLedger {
  private static final Logger LOG = LoggerFactory.getLogger(CdcFileLedger.class);
  static final String FILES_STATE = "_state/cdc_files/";
  static final String COMPLETE = "_COMPLETE";
  static final String LEDGER = "_LEDGER.jsonl";
  private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  /** Ledger keys of the files read completely. */
  final Set<String> keys = new HashSet<>();
  long watermarkMillis = Long.MIN_VALUE;
  /** The clean runs whose files these are. */
  final Set<String> runs = new HashSet<>();

  private CdcFileLedger() {}

  /**
   * @param latestMillis a noted watermark after this (the future bound now) is ignored: runs before
   *     the bound existed noted the time of a record from the future, and starting from it every
   *     change would be too late. The next highest note is where the watermark stood before.
   */
  static CdcFileLedger read(String output, long latestMillis) throws IOException {
    CdcFileLedger ledger = new CdcFileLedger();
    Map<String, String> complete = runFolders(output + FILES_STATE + "*/" + COMPLETE);
    Map<String, String> withLedger = runFolders(output + FILES_STATE + "*/" + LEDGER);
    withLedger.keySet().retainAll(complete.keySet());
    CdcFileLedger widest = null;
    for (Map.Entry<String, String> run : withLedger.entrySet()) {
      CdcFileLedger candidate = readLedgerFile(run.getValue() + LEDGER);
      if (candidate != null && candidate.runs.contains(run.getKey())
          && (widest == null || candidate.runs.size() > widest.runs.size())) {
        widest = candidate;
      }
    }
    if (widest != null && widest.watermarkMillis > latestMillis) {
      // Its watermark came from a note beyond the bound: the notes say where it stood before.
      LOG.warn("ignoring the ledger of {} run(s): its watermark is beyond --maxFutureSeconds from now", widest.runs.size());
      widest = null;
    }
    if (widest != null) {
      ledger.keys.addAll(widest.keys);
      ledger.runs.addAll(widest.runs);
      ledger.watermarkMillis = widest.watermarkMillis;
    }
    for (Map.Entry<String, String> run : complete.entrySet()) {
      if (!ledger.runs.contains(run.getKey())) {
        ledger.readNotes(run.getValue(), latestMillis);
        ledger.runs.add(run.getKey());
      }
    }
    return ledger;
  }

  /**
   * Writes the ledger of this run (its notes on top of the earlier clean runs'), before its
   * {@code _COMPLETE}: until that exists, neither counts.
   */
  static CdcFileLedger writeFor(String output, String runId, long latestMillis) throws IOException {
    CdcFileLedger ledger = read(output, latestMillis);
    String folder = output + FILES_STATE + runId + "/";
    ledger.readNotes(folder, latestMillis);
    ledger.runs.add(runId);
    ResourceId target = FileSystems.matchNewResource(folder + LEDGER, false);
    try (Writer out = new BufferedWriter(new OutputStreamWriter(
        Channels.newOutputStream(FileSystems.create(target, "application/x-ndjson")), StandardCharsets.UTF_8))) {
      ObjectNode head = JSON.createObjectNode();
      head.putPOJO("runs", new TreeSet<>(ledger.runs));
      if (ledger.watermarkMillis != Long.MIN_VALUE) {
        head.put("watermark_millis", ledger.watermarkMillis);
      }
      head.put("files", ledger.keys.size());
      out.write(JSON.writeValueAsString(head));
      out.write('\n');
      for (String key : new TreeSet<>(ledger.keys)) {
        out.write(JSON.writeValueAsString(key));
        out.write('\n');
      }
    }
    return ledger;
  }

  /**
   * A clean run's end: its ledger, its {@code _COMPLETE}, then the ledgers of the runs it covers go,
   * so that the next run reads one ledger, not one per run. (Their notes stay: whatever order a
   * crash cuts this in, the notes of the complete runs still say which files were read.)
   */
  static void commit(String output, String runId, long latestMillis) throws IOException {
    CdcFileLedger written = writeFor(output, runId, latestMillis);
    markComplete(output, runId);
    List<ResourceId> covered = new ArrayList<>();
    for (Map.Entry<String, String> run : runFolders(output + FILES_STATE + "*/" + LEDGER).entrySet()) {
      if (!run.getKey().equals(runId) && written.runs.contains(run.getKey())) {
        covered.add(FileSystems.matchNewResource(run.getValue() + LEDGER, false));
      }
    }
    FileSystems.delete(covered, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  static void markComplete(String output, String runId) throws IOException {
    OrdersCdcJob.writeText(output + FILES_STATE + runId + "/" + COMPLETE, runId + "\n");
  }

  /** A ledger file as written, or null when it is not whole (its count of files does not match). */
  private static @Nullable CdcFileLedger readLedgerFile(String path) throws IOException {
    CdcFileLedger ledger = new CdcFileLedger();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(path, false))), StandardCharsets.UTF_8))) {
      String first = in.readLine();
      if (first == null) {
        return null;
      }
      JsonNode head = JSON.readTree(first);
      head.path("runs").forEach(r -> ledger.runs.add(r.asText()));
      if (head.hasNonNull("watermark_millis")) {
        ledger.watermarkMillis = head.get("watermark_millis").asLong();
      }
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.isEmpty()) {
          ledger.keys.add(JSON.readValue(line, String.class));
        }
      }
      if (ledger.keys.size() != head.path("files").asInt(-1)) {
        LOG.warn("ignoring {}: it holds {} files, its head says {}", path, ledger.keys.size(), head.path("files"));
        return null;
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      LOG.warn("ignoring {}: {}", path, e.getOriginalMessage());
      return null;
    }
    return ledger;
  }

  /** Adds the notes one run's source wrote, one per file it finished. */
  private void readNotes(String folder, long latestMillis) throws IOException {
    MatchResult done = FileSystems.match(folder + "*.done", EmptyMatchTreatment.ALLOW_IF_WILDCARD);
    if (done.status() != MatchResult.Status.OK) {
      return;
    }
    for (MatchResult.Metadata m : done.metadata()) {
      try (InputStream in = Channels.newInputStream(FileSystems.open(m.resourceId()))) {
        String note = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        keys.add(WatchFolderSource.keyNoted(note));
        Long watermark = WatchFolderSource.watermarkNoted(note);
        if (watermark != null && watermark > latestMillis) {
          LOG.warn("ignoring the watermark {} noted in {}: it is beyond --maxFutureSeconds from now",
              new org.joda.time.Instant(watermark), m.resourceId());
        } else if (watermark != null) {
          watermarkMillis = Math.max(watermarkMillis, watermark);
        }
      }
    }
  }

  /** Run id (the folder's name) to folder, of the files matching a pattern one level under the state folder. */
  private static Map<String, String> runFolders(String pattern) throws IOException {
    Map<String, String> runs = new HashMap<>();
    MatchResult match = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW_IF_WILDCARD);
    if (match.status() != MatchResult.Status.OK) {
      return runs;
    }
    for (MatchResult.Metadata m : match.metadata()) {
      ResourceId folder = m.resourceId().getCurrentDirectory();
      String path = folder.toString();
      String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
      runs.put(trimmed.substring(trimmed.lastIndexOf('/') + 1), path.endsWith("/") ? path : path + "/");
    }
    return runs;
  }
}

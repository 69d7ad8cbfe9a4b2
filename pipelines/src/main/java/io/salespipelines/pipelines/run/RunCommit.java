package io.salespipelines.pipelines.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipelines.pipelines.UsageException;
import io.salespipelines.transforms.jdbc.JdbcTarget;
import io.salespipelines.transforms.jdbc.JdbcUpsert;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a finished run: first a plan ({@code _tmp/<run_id>/_COMMIT.json}: the job, its folders,
 * the run record and the ledger lines), then the folder moves, the database upserts, the ledger and
 * the run record. Every step can be repeated, so a run killed while committing is completed by the
 * next run over the same output, and a run killed before its plan was written leaves only staging
 * files, which the next run removes. The database is written only here, from the committed files:
 * a run that fails or is killed before its plan leaves files and database at the previous state.
 */
final class RunCommit {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommit.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String job;
  private final String output;
  private final List<CommittedTable> tables;
  private final @Nullable JdbcTarget database;

  RunCommit(String job, String output, List<CommittedTable> tables, @Nullable JdbcTarget database) {
    this.job = job;
    this.output = output;
    this.tables = tables;
    this.database = database;
  }

  /** Writes the plan, then carries it out. With {@code everything} false only the dead letters land. */
  void commit(
      Staging staging, String runId, ObjectNode runRecord, String ledgerLines, List<String> replaced,
      boolean everything) throws Exception {
    ObjectNode plan = JSON.createObjectNode();
    plan.put("job", job);
    plan.put("run_id", runId);
    plan.put("everything", everything);
    ArrayNode folders = plan.putArray("folders");
    for (CommittedTable t : tables) {
      if (everything || t.evenWhenGated) {
        folders.addObject().put("folder", t.folder).put("mode", t.mode.name());
      }
    }
    plan.set("run_record", runRecord);
    plan.put("ledger", everything ? ledgerLines : "");
    // Files the run rewrote into new ones (Compaction): removed as their folder takes the new ones.
    ArrayNode replacedFiles = plan.putArray("replaced");
    if (everything) {
      replaced.forEach(replacedFiles::add);
    }
    StateFiles.writeText(staging.commitFile(), JSON.writeValueAsString(plan));
    Failpoints.reach("after-commit-plan");
    carryOut(staging, plan);
  }

  /** Completes the commits that were interrupted, and removes what runs that died left behind. */
  void recover() throws Exception {
    String tmp = Locations.withSlash(output) + "_tmp/";
    for (String planFile : StateFiles.match(tmp + "*/_COMMIT.json")) {
      JsonNode plan = JSON.readTree(StateFiles.readText(planFile));
      String planJob = plan.path("job").asText(job);
      if (!planJob.equals(job)) {
        throw new UsageException(
            "the output holds an interrupted commit of a " + planJob + " run (" + planFile
                + "); run " + planJob + " over it to complete it, or use another --output");
      }
      String runId = plan.get("run_id").asText();
      LOG.warn("completing the interrupted commit of run {}", runId);
      carryOut(new Staging(output, runId), plan);
    }
    OutputCommitter.deleteTree(tmp);
  }

  private void carryOut(Staging staging, JsonNode plan) throws Exception {
    String runId = plan.get("run_id").asText();
    for (JsonNode entry : plan.get("folders")) {
      String folder = entry.get("folder").asText();
      if (CommittedTable.Mode.valueOf(entry.get("mode").asText()) == CommittedTable.Mode.REPLACE) {
        OutputCommitter.replace(output, staging.table(folder), folder, runId);
        Failpoints.reach("after-replace-" + folder);
      } else {
        List<String> replaced = new ArrayList<>();
        String tableDir = FileSystems.matchNewResource(Locations.withSlash(output) + folder, true).toString();
        for (JsonNode file : plan.path("replaced")) {
          if (file.asText().startsWith(tableDir)) {
            replaced.add(file.asText());
          }
        }
        OutputCommitter.append(output, staging.table(folder), folder, replaced);
      }
    }
    Failpoints.reach("after-folders");
    if (database != null && plan.get("everything").asBoolean()) {
      for (CommittedTable t : tables) {
        if (t.upserted != null) {
          upsert(t.upserted);
        }
      }
    }
    if (plan.get("everything").asBoolean()) {
      StateFiles.writeText(Ledger.folder(output) + runId + ".jsonl", plan.get("ledger").asText());
    }
    RunRecord.write(output, runId, (ObjectNode) plan.get("run_record"));
    OutputCommitter.deleteTree(staging.root());
  }

  /** Upserts a committed table in one transaction; repeating it after a crash changes nothing. */
  private <T> void upsert(CommittedTable.Upserted<T> upserted) throws Exception {
    String folder = Locations.withSlash(output) + upserted.table.name();
    try (JdbcUpsert<T> upsert = database.upsertInOneTransaction(upserted.sql)) {
      ParquetRows.forEach(folder, upserted.table, upsert::add);
      long rows = upsert.commit();
      LOG.info("upserted {} rows into {} at {}", rows, upserted.sql.name(), database.safeUrl());
    }
  }
}

package io.salespipelines.pipelines.salesmarts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipelines.schemas.Tables;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a finished run: first a plan ({@code _tmp/<run_id>/_COMMIT.json}: the run record and the
 * ledger lines), then the table moves, the ledger and the run record. Every step can be repeated,
 * so a run killed while committing is completed by the next run over the same output, and a run
 * killed before its plan was written leaves only staging files, which the next run removes.
 */
final class RunCommit {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommit.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  static final List<String> REPLACED =
      List.of(
          Tables.STORE_PRODUCT_SALES.name(),
          Tables.CUSTOMER_MONTHLY_SPEND.name(),
          Tables.SALES_TEAM_INCENTIVE.name());
  static final List<String> APPENDED =
      List.of(Tables.CUSTOMER_MART.name(), Tables.SALES_TEAM_MART.name(), Tables.DEAD_LETTER);

  private RunCommit() {}

  /** Writes the plan, then carries it out. With {@code martsToo} false only dead letters land. */
  static void commit(
      String output, SalesMartsPipeline.Staging staging, String runId, ObjectNode runRecord,
      String ledgerLines, boolean martsToo) throws IOException {
    ObjectNode plan = JSON.createObjectNode();
    plan.put("run_id", runId);
    plan.put("marts", martsToo);
    plan.set("run_record", runRecord);
    plan.put("ledger", ledgerLines);
    StateFiles.writeText(staging.commitFile(), JSON.writeValueAsString(plan));
    Failpoints.reach("after-commit-plan");
    carryOut(output, staging, plan);
  }

  /** Completes the commits that were interrupted, and removes what runs that died left behind. */
  static void recover(String output) throws IOException {
    String tmp = LandingZone.withSlash(output) + "_tmp/";
    for (String planFile : StateFiles.match(tmp + "*/_COMMIT.json")) {
      JsonNode plan = JSON.readTree(StateFiles.readText(planFile));
      String runId = plan.get("run_id").asText();
      LOG.warn("completing the interrupted commit of run {}", runId);
      carryOut(output, new SalesMartsPipeline.Staging(output, runId), plan);
    }
    OutputCommitter.deleteTree(tmp);
  }

  private static void carryOut(String output, SalesMartsPipeline.Staging staging, JsonNode plan)
      throws IOException {
    String runId = plan.get("run_id").asText();
    if (plan.get("marts").asBoolean()) {
      for (String table : REPLACED) {
        OutputCommitter.replace(output, staging.table(table), table, runId);
        Failpoints.reach("after-replace-" + table);
      }
      for (String table : APPENDED) {
        OutputCommitter.append(output, staging.table(table), table);
      }
      OutputCommitter.append(
          output, staging.table(Tables.ACCEPTED_SALES.name()), SalesMartsPipeline.ACCEPTED_STATE);
      StateFiles.writeText(Ledger.folder(output) + runId + ".jsonl", plan.get("ledger").asText());
    } else {
      OutputCommitter.append(output, staging.table(Tables.DEAD_LETTER), Tables.DEAD_LETTER);
    }
    RunRecord.write(output, runId, (ObjectNode) plan.get("run_record"));
    OutputCommitter.deleteTree(staging.root);
  }
}

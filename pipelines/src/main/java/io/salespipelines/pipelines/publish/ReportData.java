package io.salespipelines.pipelines.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipelines.pipelines.run.Locations;
import io.salespipelines.pipelines.run.ParquetRows;
import io.salespipelines.schemas.OutputTable;
import java.io.IOException;
import java.util.function.Consumer;

/** What a job's report sections are made from: the committed tables and the run records. */
public final class ReportData {
  private final String output;
  private final JsonNode run;
  private final RunHistory history;

  private ReportData(String output, JsonNode run, RunHistory history) {
    this.output = output;
    this.run = run;
    this.history = history;
  }

  static ReportData read(String output, String runId) throws IOException {
    JsonNode run = Charts.JSON.readTree(
        OutputFiles.readText(OutputFiles.withSlash(output) + "_runs/" + runId + ".json"));
    return new ReportData(output, run, RunHistory.read(output));
  }

  /** The run record of the run being reported. */
  public JsonNode run() {
    return run;
  }

  public RunHistory history() {
    return history;
  }

  /**
   * Streams every row of a committed Parquet table (none when it does not exist yet), read in the
   * driver through Beam's file systems (so {@code s3://} works); keep only aggregates, a table can be
   * large.
   */
  public <T> void forEachRow(OutputTable<T> table, Consumer<T> row) throws Exception {
    ParquetRows.forEach(Locations.withSlash(output) + table.name() + "/", table, row::accept);
  }
}

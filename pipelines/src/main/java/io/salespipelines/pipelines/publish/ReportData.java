package io.salespipelines.pipelines.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipelines.pipelines.run.Locations;
import io.salespipelines.pipelines.run.ParquetRows;
import io.salespipelines.schemas.OutputTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;

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

  /** Every record of the Parquet files of a table that has no {@link OutputTable} (e.g. cdc_events). */
  public void forEachParquetRecord(String table, Consumer<GenericRecord> record) throws Exception {
    ParquetRows.forEachRecord(Locations.withSlash(output) + table + "/", record::accept);
  }

  /**
   * Every line of the JSON-lines files of a table (its data files below its folder, names starting
   * with '_' or '.' left out, as Hive and Athena do), parsed; blank lines are skipped.
   */
  public void forEachJsonLine(String table, Consumer<JsonNode> line) throws IOException {
    String folder = Locations.withSlash(output) + table + "/";
    for (String file : OutputFiles.dataFiles(folder)) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(
          Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(folder + file, false))),
          StandardCharsets.UTF_8))) {
        for (String text = in.readLine(); text != null; text = in.readLine()) {
          if (!text.isBlank()) {
            line.accept(Charts.JSON.readTree(text));
          }
        }
      }
    }
  }
}

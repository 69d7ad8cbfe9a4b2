package io.salespipelines.pipelines.salesmarts;

import io.salespipelines.pipelines.jdbc.DatabaseOptions;
import io.salespipelines.pipelines.publish.CatalogOptions;
import io.salespipelines.pipelines.s3.S3JobOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/** Options of the {@code sales-marts} job. */
public interface SalesMartsOptions extends S3JobOptions, DatabaseOptions, CatalogOptions {
  @Description("Landing zone: folder or s3:// prefix whose files (directly inside it) are read.")
  @Validation.Required
  String getInput();

  void setInput(String value);

  @Description(
      "Folder or s3:// prefix holding stores.csv, customers.csv, sales_team.csv and products.csv."
          + " Default: the folder 'dimensions' next to --input.")
  String getDimensions();

  void setDimensions(String value);

  @Description("Output folder or s3:// prefix; each table is a sub-folder.")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description("Share of a top performer's monthly total paid as incentive.")
  @Default.String("0.01")
  String getIncentiveRate();

  void setIncentiveRate(String value);

  @Description("Id of this run. Default: UTC timestamp plus a short random suffix.")
  String getRunId();

  void setRunId(String value);

  @Description(
      "Files per run for customer_mart and the accepted-sales state; 0 lets the runner decide (one"
          + " file per worker bundle), which saves a shuffle of all rows.")
  @Default.Integer(0)
  int getRowTableShards();

  void setRowTableShards(int value);

  @Description(
      "Hash buckets for the shuffles that bring equal keys together (duplicates, aggregates);"
          + " raise it on a large cluster for more parallelism.")
  @Default.Integer(16)
  int getShuffleBuckets();

  void setShuffleBuckets(int value);

  @Description(
      "Read every landing file again, also those the ledger lists as processed (their"
          + " transaction ids, accepted before, then count as duplicates).")
  @Default.Boolean(false)
  boolean getReprocess();

  void setReprocess(boolean value);

  @Description(
      "After the commit, move processed files to <input>/processed/<run_id>/ and files rejected"
          + " whole to <input>/error_files/<error_type>/.")
  @Default.Boolean(false)
  boolean getArchive();

  void setArchive(boolean value);

  @Description(
      "Data-quality gate, e.g. 0.05: when a larger share of the rows read are dead letters, the"
          + " run writes its dead letters and run record, commits no marts, and fails.")
  String getMaxBadRate();

  void setMaxBadRate(String value);
}

package io.salespipelines.pipelines.salesmarts;

import io.salespipelines.pipelines.jdbc.DatabaseOptions;
import io.salespipelines.pipelines.run.BatchRunOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the {@code sales-marts} job; the run options are {@link BatchRunOptions}. */
public interface SalesMartsOptions extends BatchRunOptions, DatabaseOptions {
  @Description(
      "Folder or s3:// prefix holding stores.csv, customers.csv, sales_team.csv and products.csv."
          + " Default: the folder 'dimensions' next to --input.")
  String getDimensions();

  void setDimensions(String value);

  @Description("Share of a top performer's monthly total paid as incentive.")
  @Default.String("0.01")
  String getIncentiveRate();

  void setIncentiveRate(String value);

  @Description(
      "Files per run for customer_mart and the accepted-sales state; 0 lets the runner decide (one"
          + " file per worker bundle), which saves a shuffle of all rows.")
  @Default.Integer(0)
  int getRowTableShards();

  void setRowTableShards(int value);

  @Description(
      "Hash buckets for the shuffles that bring equal keys together (duplicates, aggregates);"
          + " raise it on a large cluster for more parallelism. On the Direct runner a run whose new"
          + " input is within --readOnceUpToMiB uses at most one per core (at least 2).")
  @Default.Integer(16)
  int getShuffleBuckets();

  void setShuffleBuckets(int value);

  @Description(
      "Direct runner only: a run of at most 8 new files that add up to at most this many MiB"
          + " (compressed files count ten times their size) reads them once and holds its sales in memory while the"
          + " duplicate check runs; a larger run reads them again for each of the check's three"
          + " passes, in bounded memory. 0 always reads them again.")
  @Default.Integer(16)
  int getReadOnceUpToMiB();

  void setReadOnceUpToMiB(int value);
}

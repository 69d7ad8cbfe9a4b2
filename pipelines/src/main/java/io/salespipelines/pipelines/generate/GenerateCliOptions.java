package io.salespipelines.pipelines.generate;

import io.salespipelines.pipelines.s3.S3JobOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/** Command-line options of the {@code generate} job. */
public interface GenerateCliOptions extends S3JobOptions {
  @Description("Folder or s3:// prefix to write landing/, dimensions/ and _generator.json into.")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description(
      "What to generate: sales (landing files and dimensions for sales-marts), orders (monthly"
          + " order files for orders-analytics) or cdc (DynamoDB change records for orders-cdc).")
  @Default.String("sales")
  String getDataset();

  // ---- orders-cdc (--dataset=cdc) ----
  @Description(
      "With --dataset=cdc: put the change records onto this Kinesis stream (--endpoint, --awsRegion)"
          + " instead of writing them as files; _generator.json still goes to --output.")
  String getStream();

  void setStream(String value);

  void setDataset(String value);

  @Description("Data rows across all landing files, good and bad (orders with --dataset=orders).")
  @Default.Long(10_000)
  long getRows();

  void setRows(long value);

  @Description("Random seed: the same seed writes the same files.")
  @Default.Long(42)
  long getSeed();

  void setSeed(long value);

  @Description("Share of data rows that are bad, spread over every dead-letter type.")
  @Default.Double(0.02)
  double getBadRate();

  void setBadRate(double value);

  @Description("Landing data files; 0 picks max(4, rows / 250000). With --dataset=orders: monthly files, 0 picks 12.")
  @Default.Integer(0)
  int getFiles();

  void setFiles(int value);

  @Description("Stores in the stores dimension.")
  @Default.Integer(20)
  int getStores();

  void setStores(int value);

  @Description("Customers in the customers dimension.")
  @Default.Integer(5_000)
  int getCustomers();

  void setCustomers(int value);
}

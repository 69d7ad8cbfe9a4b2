package io.salespipelines.pipelines.cdc;

import io.salespipelines.pipelines.jdbc.DatabaseOptions;
import io.salespipelines.pipelines.publish.CatalogOptions;
import io.salespipelines.pipelines.s3.S3JobOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.options.Validation;

/** Options of the {@code orders-cdc} streaming job (SPEC 3). */
public interface OrdersCdcOptions extends S3JobOptions, DatabaseOptions, StreamingOptions, CatalogOptions {
  @Description("Where change records come from: 'files' (a watched folder, --input) or 'kinesis' (--stream).")
  @Default.String("files")
  String getSource();

  void setSource(String value);

  @Description(
      "Folder or s3:// prefix watched for change-record files (.json, .jsonl, .ndjson, optionally"
          + " .gz; only files directly inside it, not names starting with '.' or '_'). With --source=files.")
  String getInput();

  void setInput(String value);

  @Description("Kinesis stream name. With --source=kinesis (--endpoint and --awsRegion as for S3).")
  String getStream();

  void setStream(String value);

  @Description("Where a Kinesis read starts: LATEST, TRIM_HORIZON, or an ISO time (2025-06-01T00:00:00Z).")
  @Default.String("LATEST")
  String getInitialPosition();

  void setInitialPosition(String value);

  @Description("Output folder or s3:// prefix: cdc_events/, dead_letter/, _runs/, _state/.")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description("Format of cdc_events: json (JSON lines) or parquet.")
  @Default.String("json")
  String getFormat();

  void setFormat(String value);

  @Description(
      "Length of the fixed event-time windows of order_activity, and the longest processing time a"
          + " record waits before its cdc_events file is written (like Firehose's buffer), in seconds.")
  @Default.Integer(60)
  int getWindowSeconds();

  void setWindowSeconds(int value);

  @Description(
      "How late (behind the watermark) a change may come and still count in its order_activity"
          + " window, in seconds. Later ones are counted as late_records (and still written to"
          + " cdc_events and orders_current).")
  @Default.Integer(3600)
  int getAllowedLatenessSeconds();

  void setAllowedLatenessSeconds(int value);

  @Description(
      "A change whose ApproximateCreationDateTime is more than this many seconds after the wall clock"
          + " when it is read is an invalid_value dead letter and does not move the watermark (one"
          + " record from the future would make every later change too late). Default one hour.")
  @Default.Integer(3600)
  int getMaxFutureSeconds();

  void setMaxFutureSeconds(int value);

  @Description("A change whose eventID was seen within this many hours (event time) is a duplicate.")
  @Default.Integer(24)
  int getDedupHours();

  void setDedupHours(int value);

  @Description(
      "End the job when no new input file has come for this many seconds (files source; for tests"
          + " and backfills). Without it the job runs until it is stopped.")
  Integer getStopAfterIdleSeconds();

  void setStopAfterIdleSeconds(Integer value);

  @Description(
      "Stop after reading this many records (--source=kinesis; for tests and backfills). Without it"
          + " a Kinesis read runs until the job is stopped.")
  Long getMaxRecords();

  void setMaxRecords(Long value);

  @Description("How often the watched folder is listed, in milliseconds.")
  @Default.Integer(1000)
  int getPollMillis();

  void setPollMillis(int value);

  @Description("Id of this run. Default: UTC timestamp plus a short random suffix.")
  String getRunId();

  void setRunId(String value);
}

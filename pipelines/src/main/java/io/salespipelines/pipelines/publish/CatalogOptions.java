package io.salespipelines.pipelines.publish;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options of the query layer a run writes beside its tables ({@code _catalog/}, {@code _report/}). */
public interface CatalogOptions extends PipelineOptions {
  @Description(
      "Glue/Athena database that the DDL in <output>/_catalog/ creates the tables and views in"
          + " (lower-case letters, digits and '_'). Default: the job's name with '_' for '-',"
          + " e.g. sales_marts.")
  String getDatabase();

  void setDatabase(String value);
}

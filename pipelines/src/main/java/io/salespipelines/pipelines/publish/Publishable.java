package io.salespipelines.pipelines.publish;

import java.util.List;

/**
 * The part of a job's query layer that only the job knows: its tables and views. Everything else
 * (statement files, partitions, locations) is the same for every job; see {@link Publisher}.
 */
public interface Publishable {
  /** The tables a run leaves under its output, in the order the catalog lists them. */
  List<CatalogTable> catalogTables();

  /** Views over those tables in {@code database}; none is fine. */
  List<CatalogView> catalogViews(String database);
}

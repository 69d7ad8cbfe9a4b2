package io.salespipelines.pipelines.publish;

import java.util.List;

/**
 * The part of a job's query layer that only the job knows: its tables and views, and its sections
 * of the run report. Everything else (statement files, partitions, locations, the page, the run's
 * counts and dead letters) is the same for every job; see {@link Publisher}.
 */
public interface Publishable {
  /** The tables a run leaves under its output, in the order the catalog lists them. */
  List<CatalogTable> catalogTables();

  /** Views over those tables in {@code database}; none is fine. */
  List<CatalogView> catalogViews(String database);

  /**
   * The job's sections of the run report, made from its committed tables ({@link
   * ReportData#forEachRow}); keep them small (top-N), a table can be large.
   */
  default List<ReportSection> reportSections(ReportData data) throws Exception {
    return List.of();
  }
}

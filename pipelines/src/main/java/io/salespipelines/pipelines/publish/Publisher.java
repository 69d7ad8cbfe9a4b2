package io.salespipelines.pipelines.publish;

import io.salespipelines.pipelines.UsageException;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what makes a committed run's tables usable without further work: the catalog DDL
 * ({@code _catalog/}) and the run report ({@code _report/index.html}). Made before the run, so that a bad {@code --database} fails before any data
 * is read; called once the run's tables are committed.
 */
public final class Publisher {
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
  /** Glue database names, restricted to what Athena, Trino and Hive all take unquoted. */
  private static final Pattern DATABASE = Pattern.compile("[a-z_][a-z0-9_]{0,254}");

  private final String job;
  private final String database;
  private final Publishable outputs;

  private Publisher(String job, String database, Publishable outputs) {
    this.job = job;
    this.database = database;
    this.outputs = outputs;
  }

  /** @throws UsageException when {@code --database} is not a plain lower-case name */
  public static Publisher of(CatalogOptions options, String job, Publishable outputs) {
    String database = options.getDatabase() != null ? options.getDatabase() : job.replace('-', '_');
    if (!DATABASE.matcher(database).matches()) {
      throw new UsageException(
          "--database must be lower-case letters, digits and '_' (not starting with a digit): " + database);
    }
    return new Publisher(job, database, outputs);
  }

  public String database() {
    return database;
  }

  /**
   * Writes the catalog of the tables under {@code output} and the report of the run. The run's
   * tables are committed by then,
   * so a failure here is reported on {@code out} and logged, and does not fail the run: the next
   * run writes them again.
   */
  public void publish(String output, String runId, PrintStream out) {
    try {
      AthenaCatalog.write(
          output, database, "Written by " + job + " run " + runId + ".", outputs.catalogTables(),
          outputs.catalogViews(database), LocalDate.now(ZoneOffset.UTC));
    } catch (Exception e) {
      LOG.warn("{} run {}: the catalog was not written", job, runId, e);
      out.println(job + ": the catalog (" + AthenaCatalog.FOLDER + "/) was not written: " + e);
    }
    try {
      ReportData data = ReportData.read(output, runId);
      String page = RunReport.write(output, data, outputs.reportSections(data));
      out.println(job + ": report " + (OutputFiles.isLocal(page) ? java.nio.file.Paths.get(page).toUri() : page));
    } catch (Exception e) {
      LOG.warn("{} run {}: the report was not written", job, runId, e);
      out.println(job + ": the report (" + RunReport.FOLDER + "/index.html) was not written: " + e);
    }
  }
}

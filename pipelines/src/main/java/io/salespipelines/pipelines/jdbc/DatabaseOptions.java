package io.salespipelines.pipelines.jdbc;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The database options every job that writes to a database shares. The password is never an option
 * itself (it would reach logs, {@code ps} and the run record): it is read from the environment
 * variable {@code --jdbcPasswordEnv} names.
 */
public interface DatabaseOptions extends PipelineOptions {
  @Description(
      "JDBC URL (jdbc:h2:, jdbc:mysql:, jdbc:mariadb:, jdbc:postgresql:) of the database the job's"
          + " tables are upserted into, or 'none'. Default: an embedded H2 database in <output>/_db/"
          + " for a local output, none for an s3:// output.")
  String getJdbcUrl();

  void setJdbcUrl(String value);

  @Description("Database user.")
  String getJdbcUser();

  void setJdbcUser(String value);

  @Description(
      "Name of the environment variable that holds the database password (the password itself is"
          + " never an option, so it never reaches a log or the run record).")
  String getJdbcPasswordEnv();

  void setJdbcPasswordEnv(String value);
}

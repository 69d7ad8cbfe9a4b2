package io.salespipelines.pipelines.jdbc;

import io.salespipelines.pipelines.UsageException;
import io.salespipelines.schemas.SqlTable;
import io.salespipelines.transforms.jdbc.JdbcTarget;
import java.sql.SQLException;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Picks the database of a run from its options and checks it before any input is read. */
public final class JdbcTargets {
  public static final String NONE = "none";

  private JdbcTargets() {}

  /**
   * The database to upsert into, with {@code tables} created; null for {@code --jdbcUrl=none}.
   *
   * @param databaseName the file name of the embedded default database, e.g. {@code sales_marts}
   */
  public static @Nullable JdbcTarget resolve(
      DatabaseOptions options, String output, String databaseName, List<SqlTable<?>> tables) {
    String url = options.getJdbcUrl();
    if (url == null || url.isBlank()) {
      url = defaultUrl(output, databaseName);
    }
    if (NONE.equalsIgnoreCase(url)) {
      return null;
    }
    String password = null;
    if (options.getJdbcPasswordEnv() != null) {
      password = System.getenv(options.getJdbcPasswordEnv());
      if (password == null) {
        throw new UsageException(
            "--jdbcPasswordEnv: environment variable " + options.getJdbcPasswordEnv() + " is not set");
      }
    }
    JdbcTarget target;
    try {
      target = new JdbcTarget(url, options.getJdbcUser(), password);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--jdbcUrl: " + e.getMessage());
    }
    try {
      target.prepare(tables);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot use the database " + target.safeUrl() + ": " + firstLine(e.getMessage()));
    }
    return target;
  }

  /** An embedded H2 file inside a local output; no default database for an object store. */
  public static String defaultUrl(String output, String databaseName) {
    ResourceId dir = FileSystems.matchNewResource(output, true);
    if (!"file".equals(dir.getScheme())) {
      return NONE;
    }
    return "jdbc:h2:file:" + dir.toString() + "_db/" + databaseName;
  }

  private static String firstLine(String message) {
    return message == null ? "(no message)" : message.lines().findFirst().orElse("");
  }
}

package io.salespipelines.pipelines.salesmarts;

import io.salespipelines.pipelines.UsageException;
import io.salespipelines.schemas.SqlTable;
import io.salespipelines.transforms.jdbc.JdbcTarget;
import java.sql.SQLException;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Picks the database of a run from its options and checks it before any input is read. */
final class JdbcTargets {
  static final String NONE = "none";

  private JdbcTargets() {}

  /** The database to upsert into, with its tables created; null for {@code --jdbcUrl=none}. */
  static @Nullable JdbcTarget resolve(SalesMartsOptions options) {
    String url = options.getJdbcUrl();
    if (url == null || url.isBlank()) {
      url = defaultUrl(options.getOutput());
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
      target.prepare(SqlTable.ALL);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot use the database " + target.safeUrl() + ": " + firstLine(e.getMessage()));
    }
    return target;
  }

  /** An embedded H2 file inside a local output; no default database for an object store. */
  static String defaultUrl(String output) {
    ResourceId dir = FileSystems.matchNewResource(output, true);
    if (!OutputCommitter.isLocal(dir)) {
      return NONE;
    }
    return "jdbc:h2:file:" + dir.toString() + "_db/sales_marts";
  }

  private static String firstLine(String message) {
    return message == null ? "(no message)" : message.lines().findFirst().orElse("");
  }
}

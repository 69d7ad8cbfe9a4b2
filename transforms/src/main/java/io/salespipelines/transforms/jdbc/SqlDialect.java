package io.salespipelines.transforms.jdbc;

import io.salespipelines.schemas.SqlTable;
import io.salespipelines.schemas.ValueLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The SQL each supported database needs for the mart tables: DDL with DECIMAL(18,2) money and an
 * upsert on the primary key, so running the same input twice leaves the same rows.
 */
public enum SqlDialect {
  H2("org.h2.Driver"),
  MYSQL("org.mariadb.jdbc.Driver"),
  POSTGRES("org.postgresql.Driver");

  private final String driverClass;

  SqlDialect(String driverClass) {
    this.driverClass = driverClass;
  }

  public String driverClass() {
    return driverClass;
  }

  /** The dialect of a JDBC URL; MySQL URLs go through the MariaDB driver, which speaks both. */
  public static SqlDialect of(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
      return MYSQL;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRES;
    }
    throw new IllegalArgumentException(
        "unsupported JDBC URL (use jdbc:h2:, jdbc:mysql:, jdbc:mariadb: or jdbc:postgresql:): "
            + JdbcUrls.scheme(jdbcUrl));
  }

  /** The URL the driver is given: MySQL URLs are passed to the MariaDB driver as mariadb URLs. */
  public String driverUrl(String jdbcUrl) {
    if (this == MYSQL && jdbcUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:mysql:")) {
      return "jdbc:mariadb:" + jdbcUrl.substring("jdbc:mysql:".length());
    }
    return jdbcUrl;
  }

  /**
   * Quotes a name (year and month are reserved words in H2). H2 folds unquoted names to upper case,
   * so its quoted names are upper case too and plain {@code SELECT customer_id ...} still works.
   */
  public String quote(String identifier) {
    switch (this) {
      case MYSQL:
        return "`" + identifier + "`";
      case H2:
        return "\"" + identifier.toUpperCase(Locale.ROOT) + "\"";
      default:
        return "\"" + identifier + "\"";
    }
  }

  private String type(SqlTable.Kind kind) {
    switch (kind) {
      case KEY:
        // Keys longer than this are invalid_value dead letters (ValueLimits).
        return "VARCHAR(" + ValueLimits.MAX_KEY_CHARS + ")";
      case INT:
        return "INTEGER";
      case MONEY:
        return "DECIMAL(18,2)";
      default:
        // Names may be long and hold anything; they are stored verbatim.
        return this == H2 ? "CHARACTER VARYING" : this == MYSQL ? "LONGTEXT" : "TEXT";
    }
  }

  public String createTable(SqlTable<?> table) {
    List<String> parts = new ArrayList<>();
    for (SqlTable.Column c : table.columns()) {
      boolean notNull = c.kind != SqlTable.Kind.TEXT;
      parts.add(quote(c.name) + " " + type(c.kind) + (notNull ? " NOT NULL" : ""));
    }
    parts.add("PRIMARY KEY (" + quoted(table.primaryKey()) + ")");
    return "CREATE TABLE IF NOT EXISTS " + quote(table.name()) + " (" + String.join(", ", parts) + ")";
  }

  public String upsert(SqlTable<?> table) {
    List<String> names = table.columns().stream().map(c -> c.name).collect(Collectors.toList());
    List<String> nonKey =
        names.stream().filter(n -> !table.primaryKey().contains(n)).collect(Collectors.toList());
    String marks = names.stream().map(n -> "?").collect(Collectors.joining(", "));
    String into = quote(table.name()) + " (" + quoted(names) + ")";
    switch (this) {
      case H2:
        return "MERGE INTO " + into + " KEY (" + quoted(table.primaryKey()) + ") VALUES (" + marks + ")";
      case MYSQL:
        return "INSERT INTO " + into + " VALUES (" + marks + ") ON DUPLICATE KEY UPDATE "
            + nonKey.stream().map(n -> quote(n) + " = VALUES(" + quote(n) + ")").collect(Collectors.joining(", "));
      default:
        return "INSERT INTO " + into + " VALUES (" + marks + ") ON CONFLICT (" + quoted(table.primaryKey())
            + ") DO UPDATE SET "
            + nonKey.stream().map(n -> quote(n) + " = EXCLUDED." + quote(n)).collect(Collectors.joining(", "));
    }
  }

  private String quoted(List<String> names) {
    return names.stream().map(this::quote).collect(Collectors.joining(", "));
  }
}

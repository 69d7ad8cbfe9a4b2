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
      case BIGINT:
        return "BIGINT";
      case SEQUENCE:
        return "DECIMAL(40,0)";
      case TIMESTAMP:
        return this == MYSQL ? "DATETIME(3)" : "TIMESTAMP(3)";
      case BOOLEAN:
        return "BOOLEAN";
      default:
        // Names may be long and hold anything; they are stored verbatim.
        return this == H2 ? "CHARACTER VARYING" : this == MYSQL ? "LONGTEXT" : "TEXT";
    }
  }

  public String createTable(SqlTable<?> table) {
    List<String> parts = new ArrayList<>();
    for (SqlTable.Column c : table.columns()) {
      boolean notNull = !table.isNullable(c);
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

  /**
   * An upsert that changes a stored row only when the new row's {@link SqlTable#versionColumn()} is
   * higher (compared as numbers), so rows may arrive late, twice or out of order and the table ends
   * the same. Parameters as for {@link #upsert}: every column in order.
   */
  public String upsertIfNewer(SqlTable<?> table) {
    String version = table.versionColumn();
    if (version == null) {
      throw new IllegalArgumentException(table.name() + " has no version column");
    }
    List<String> names = table.columns().stream().map(c -> c.name).collect(Collectors.toList());
    List<String> nonKey =
        names.stream().filter(n -> !table.primaryKey().contains(n)).collect(Collectors.toList());
    String marks = names.stream().map(n -> "?").collect(Collectors.joining(", "));
    String into = quote(table.name()) + " (" + quoted(names) + ")";
    switch (this) {
      case H2:
        return "MERGE INTO " + quote(table.name()) + " t USING (VALUES (" + typedMarks(table) + ")) s ("
            + quoted(names) + ") ON (" + keyMatch(table) + ") WHEN MATCHED AND t." + quote(version)
            + " < s." + quote(version) + " THEN UPDATE SET "
            + nonKey.stream().map(n -> quote(n) + " = s." + quote(n)).collect(Collectors.joining(", "))
            + " WHEN NOT MATCHED THEN INSERT (" + quoted(names) + ") VALUES ("
            + names.stream().map(n -> "s." + quote(n)).collect(Collectors.joining(", ")) + ")";
      case MYSQL:
        // MySQL applies the assignments left to right, each seeing the ones before: the version
        // column must be the last one assigned, or the later comparisons would see the new value.
        List<String> ordered = new ArrayList<>(nonKey);
        ordered.remove(version);
        ordered.add(version);
        String newer = "VALUES(" + quote(version) + ") > " + quote(version);
        return "INSERT INTO " + into + " VALUES (" + marks + ") ON DUPLICATE KEY UPDATE "
            + ordered.stream()
                .map(n -> quote(n) + " = IF(" + newer + ", VALUES(" + quote(n) + "), " + quote(n) + ")")
                .collect(Collectors.joining(", "));
      default:
        return "INSERT INTO " + into + " VALUES (" + marks + ") ON CONFLICT (" + quoted(table.primaryKey())
            + ") DO UPDATE SET "
            + nonKey.stream().map(n -> quote(n) + " = EXCLUDED." + quote(n)).collect(Collectors.joining(", "))
            + " WHERE " + quote(table.name()) + "." + quote(version) + " < EXCLUDED." + quote(version);
    }
  }

  /** Inserts a row unless its primary key is there already (the stored row is kept as it is). */
  public String insertIfAbsent(SqlTable<?> table) {
    List<String> names = table.columns().stream().map(c -> c.name).collect(Collectors.toList());
    String marks = names.stream().map(n -> "?").collect(Collectors.joining(", "));
    String into = quote(table.name()) + " (" + quoted(names) + ")";
    switch (this) {
      case H2:
        return "MERGE INTO " + quote(table.name()) + " t USING (VALUES (" + typedMarks(table) + ")) s ("
            + quoted(names) + ") ON (" + keyMatch(table) + ") WHEN NOT MATCHED THEN INSERT ("
            + quoted(names) + ") VALUES ("
            + names.stream().map(n -> "s." + quote(n)).collect(Collectors.joining(", ")) + ")";
      case MYSQL:
        return "INSERT IGNORE INTO " + into + " VALUES (" + marks + ")";
      default:
        return "INSERT INTO " + into + " VALUES (" + marks + ") ON CONFLICT (" + quoted(table.primaryKey())
            + ") DO NOTHING";
    }
  }

  /** A view of the rows of {@code table} where the BOOLEAN {@code flag} is false. */
  public String createViewWithout(String view, SqlTable<?> table, String flag) {
    return "CREATE OR REPLACE VIEW " + quote(view) + " AS SELECT * FROM " + quote(table.name()) + " WHERE " + quote(flag)
        + " = FALSE";
  }

  private String typedMarks(SqlTable<?> table) {
    return table.columns().stream()
        .map(c -> "CAST(? AS " + type(c.kind) + ")")
        .collect(Collectors.joining(", "));
  }

  private String keyMatch(SqlTable<?> table) {
    return table.primaryKey().stream()
        .map(k -> "t." + quote(k) + " = s." + quote(k))
        .collect(Collectors.joining(" AND "));
  }

  private String quoted(List<String> names) {
    return names.stream().map(this::quote).collect(Collectors.joining(", "));
  }
}

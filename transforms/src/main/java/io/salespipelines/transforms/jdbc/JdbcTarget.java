package io.salespipelines.transforms.jdbc;

import io.salespipelines.schemas.SqlTable;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where the marts go in a database: URL, user and password. The password comes from an environment
 * variable and travels only inside the serialized writer; {@link #toString()} and every message leave it out.
 */
public final class JdbcTarget implements Serializable {
  private final String url;
  private final @Nullable String user;
  private final @Nullable String password;

  public JdbcTarget(String url, @Nullable String user, @Nullable String password) {
    this.url = url;
    this.user = user;
    this.password = password;
    SqlDialect.of(url);
  }

  public SqlDialect dialect() {
    return SqlDialect.of(url);
  }

  /** The URL as it may be printed. */
  public String safeUrl() {
    return JdbcUrls.withoutSecrets(url);
  }

  JdbcIO.DataSourceConfiguration dataSource() {
    JdbcIO.DataSourceConfiguration config =
        JdbcIO.DataSourceConfiguration.create(dialect().driverClass(), dialect().driverUrl(url));
    if (user != null) {
      config = config.withUsername(user);
    }
    if (password != null) {
      config = config.withPassword(password);
    }
    return config;
  }

  /**
   * Connects and creates the tables if they are missing. Called before any input is read, so a
   * wrong URL, an unreachable server or bad credentials stop the run at once.
   */
  public void prepare(Iterable<SqlTable<?>> tables) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      for (SqlTable<?> table : tables) {
        statement.execute(dialect().createTable(table));
      }
    }
  }

  /** An upsert into {@code table} in one transaction; nothing is visible before its commit. */
  public <T> JdbcUpsert<T> upsertInOneTransaction(SqlTable<T> table) throws SQLException {
    return new JdbcUpsert<>(this, table);
  }

  public Connection connect() throws SQLException {
    try {
      Class.forName(dialect().driverClass());
    } catch (ClassNotFoundException e) {
      throw new SQLException("JDBC driver not on the classpath: " + dialect().driverClass(), e);
    }
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    return DriverManager.getConnection(dialect().driverUrl(url), props);
  }

  @Override
  public String toString() {
    return "JdbcTarget{" + safeUrl() + (user == null ? "" : ", user=" + user) + "}";
  }
}

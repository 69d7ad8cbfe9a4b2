package io.salespipelines.transforms.jdbc;

import io.salespipelines.schemas.SqlTable;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Upserts rows into one table inside a single transaction: either every row of a commit lands or
 * none does. Used by the run commit, so that the database changes together with the files.
 */
public final class JdbcUpsert<T> implements AutoCloseable {
  private static final int BATCH = 1000;

  private final SqlTable<T> table;
  private final Connection connection;
  private final PreparedStatement statement;
  private int pending;
  private long rows;

  JdbcUpsert(JdbcTarget target, SqlTable<T> table) throws SQLException {
    this.table = table;
    this.connection = target.connect();
    try {
      connection.setAutoCommit(false);
      this.statement = connection.prepareStatement(target.dialect().upsert(table));
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  public void add(T row) throws SQLException {
    bind(table, row, statement);
    statement.addBatch();
    rows++;
    if (++pending == BATCH) {
      statement.executeBatch();
      pending = 0;
    }
  }

  /** Makes every row added so far visible at once; returns how many there were. */
  public long commit() throws SQLException {
    if (pending > 0) {
      statement.executeBatch();
      pending = 0;
    }
    connection.commit();
    return rows;
  }

  /** Without {@link #commit()} the rows are rolled back. */
  @Override
  public void close() throws SQLException {
    try {
      statement.close();
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
    } finally {
      connection.close();
    }
  }

  /** Binds a row's values as parameters, never spliced into SQL, so any text arrives verbatim. */
  public static <T> void bind(SqlTable<T> table, T row, PreparedStatement statement) throws SQLException {
    Object[] values = table.values(row);
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v == null) {
        // Typed: PostgreSQL refuses a VARCHAR null for a BIGINT or DECIMAL column.
        statement.setNull(i + 1, sqlType(table.columns().get(i).kind));
      } else if (v instanceof BigDecimal) {
        statement.setBigDecimal(i + 1, (BigDecimal) v);
      } else if (v instanceof Integer) {
        statement.setInt(i + 1, (Integer) v);
      } else if (v instanceof Long) {
        statement.setLong(i + 1, (Long) v);
      } else if (v instanceof Boolean) {
        statement.setBoolean(i + 1, (Boolean) v);
      } else if (v instanceof java.time.LocalDateTime) {
        statement.setObject(i + 1, v);
      } else {
        statement.setString(i + 1, v.toString());
      }
    }
  }

  private static int sqlType(SqlTable.Kind kind) {
    switch (kind) {
      case INT:
        return Types.INTEGER;
      case BIGINT:
        return Types.BIGINT;
      case MONEY:
      case SEQUENCE:
        return Types.DECIMAL;
      case TIMESTAMP:
        return Types.TIMESTAMP;
      case BOOLEAN:
        return Types.BOOLEAN;
      default:
        return Types.VARCHAR;
    }
  }
}

package io.salespipelines.transforms.jdbc;

import io.salespipelines.schemas.SqlTable;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.Types;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Upserts a mart into its database table on the primary key, in batches. Values are bound as
 * parameters, never spliced into SQL, so any text reaches the database verbatim.
 */
public class WriteJdbcTable<T> extends PTransform<PCollection<T>, PDone> {
  private final SqlTable<T> table;
  private final JdbcTarget target;

  public WriteJdbcTable(SqlTable<T> table, JdbcTarget target) {
    this.table = table;
    this.target = target;
  }

  @Override
  public PDone expand(PCollection<T> rows) {
    SqlTable<T> t = table;
    return rows.apply(
        "Upsert " + t.name(),
        JdbcIO.<T>write()
            .withDataSourceConfiguration(target.dataSource())
            .withStatement(target.dialect().upsert(t))
            .withBatchSize(1000)
            .withPreparedStatementSetter((T row, PreparedStatement statement) -> bind(t, row, statement)));
  }

  public static <T> void bind(SqlTable<T> table, T row, PreparedStatement statement) throws java.sql.SQLException {
    Object[] values = table.values(row);
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v == null) {
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

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

  static <T> void bind(SqlTable<T> table, T row, PreparedStatement statement) throws java.sql.SQLException {
    Object[] values = table.values(row);
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v == null) {
        statement.setNull(i + 1, Types.VARCHAR);
      } else if (v instanceof BigDecimal) {
        statement.setBigDecimal(i + 1, (BigDecimal) v);
      } else if (v instanceof Integer) {
        statement.setInt(i + 1, (Integer) v);
      } else {
        statement.setString(i + 1, v.toString());
      }
    }
  }
}

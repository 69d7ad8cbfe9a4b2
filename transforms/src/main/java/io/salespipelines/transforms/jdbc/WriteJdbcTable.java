package io.salespipelines.transforms.jdbc;

import io.salespipelines.schemas.SqlTable;
import java.sql.PreparedStatement;
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
            .withPreparedStatementSetter((T row, PreparedStatement statement) -> JdbcUpsert.bind(t, row, statement)));
  }
}

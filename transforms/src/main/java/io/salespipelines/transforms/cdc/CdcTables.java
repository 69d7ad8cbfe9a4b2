package io.salespipelines.transforms.cdc;

import io.salespipelines.schemas.SqlTable;
import io.salespipelines.transforms.jdbc.JdbcTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The database side of orders-cdc: its tables and the view {@code orders_live}. */
public final class CdcTables {
  public static final String ORDERS_LIVE = "orders_live";

  private CdcTables() {}

  /** Creates the tables if missing, and (re)creates {@code orders_live}: the rows not deleted. */
  public static void prepare(JdbcTarget target) throws SQLException {
    target.prepare(SqlTable.CDC);
    try (Connection c = target.connect();
        Statement s = c.createStatement()) {
      s.execute(target.dialect().createViewWithout(ORDERS_LIVE, SqlTable.ORDERS_CURRENT, "deleted"));
    }
  }
}

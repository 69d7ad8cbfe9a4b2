package io.salespipelines.transforms.cdc;

import io.salespipelines.schemas.SqlTable;
import io.salespipelines.transforms.jdbc.JdbcTarget;
import io.salespipelines.transforms.jdbc.SqlDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The database side of orders-cdc: its tables, an index, and the view {@code orders_live}. */
public final class CdcTables {
  public static final String ORDERS_LIVE = "orders_live";
  /** order_activity_events by window: a window's row is recomputed from its changes on every pane. */
  static final String EVENTS_BY_WINDOW = "order_activity_events_by_window";
  /** MySQL's "Duplicate key name": it has no CREATE INDEX IF NOT EXISTS (MariaDB has). */
  private static final int MYSQL_DUPLICATE_KEY_NAME = 1061;

  private CdcTables() {}

  /**
   * Creates the tables and the index if missing, and (re)creates {@code orders_live}: the rows not
   * deleted.
   */
  public static void prepare(JdbcTarget target) throws SQLException {
    target.prepare(SqlTable.CDC);
    SqlDialect d = target.dialect();
    try (Connection c = target.connect();
        Statement s = c.createStatement()) {
      String on = " ON " + d.quote(SqlTable.ORDER_ACTIVITY_EVENTS.name()) + " (" + d.quote("window_start") + ", "
          + d.quote("window_end") + ")";
      if (d == SqlDialect.MYSQL) {
        try {
          s.execute("CREATE INDEX " + d.quote(EVENTS_BY_WINDOW) + on);
        } catch (SQLException e) {
          if (e.getErrorCode() != MYSQL_DUPLICATE_KEY_NAME) {
            throw e;
          }
        }
      } else {
        s.execute("CREATE INDEX IF NOT EXISTS " + d.quote(EVENTS_BY_WINDOW) + on);
      }
      s.execute(d.createViewWithout(ORDERS_LIVE, SqlTable.ORDERS_CURRENT, "deleted"));
    }
  }
}

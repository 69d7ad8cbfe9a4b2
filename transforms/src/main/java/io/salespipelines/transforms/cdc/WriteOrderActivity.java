package io.salespipelines.transforms.cdc;

import io.salespipelines.schemas.ActivityContribution;
import io.salespipelines.schemas.OrderActivity;
import io.salespipelines.schemas.SqlTable;
import io.salespipelines.transforms.jdbc.JdbcTarget;
import io.salespipelines.transforms.jdbc.SqlDialect;
import io.salespipelines.transforms.jdbc.JdbcUpsert;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Upserts each fired pane into order_activity. The pane's changes are first inserted, if absent, into
 * order_activity_events (one row per event_id); the window's row is then recomputed from every change
 * stored for it. So a pane that fires twice, a replayed stream, or a restarted job that re-reads its
 * input (and has none of the old run's windows in memory) neither doubles nor loses a change.
 */
public class WriteOrderActivity extends PTransform<PCollection<ActivityPane>, PDone> {
  private final JdbcTarget target;

  public WriteOrderActivity(JdbcTarget target) {
    this.target = target;
  }

  @Override
  public PDone expand(PCollection<ActivityPane> panes) {
    panes.apply("InsertAndRecompute", ParDo.of(new UpsertPaneFn(target)));
    return PDone.in(panes.getPipeline());
  }

  static class UpsertPaneFn extends DoFn<ActivityPane, Void> {
    private final JdbcTarget target;
    private transient Connection connection;

    UpsertPaneFn(JdbcTarget target) {
      this.target = target;
    }

    @ProcessElement
    public void process(@Element ActivityPane pane) throws SQLException {
      if (connection == null) {
        connection = target.connect();
        connection.setAutoCommit(false);
      }
      for (int attempt = 1; ; attempt++) {
        try {
          write(pane);
          connection.commit();
          return;
        } catch (SQLException e) {
          connection.rollback();
          if (!Retries.isRace(e) || attempt >= Retries.ATTEMPTS) {
            throw e;
          }
          Retries.pause(attempt);
        }
      }
    }

    private void write(ActivityPane pane) throws SQLException {
      SqlDialect d = target.dialect();
      try (PreparedStatement insert = connection.prepareStatement(d.insertIfAbsent(SqlTable.ORDER_ACTIVITY_EVENTS))) {
        int n = 0;
        for (ActivityContribution c : pane.getContributions()) {
          JdbcUpsert.bind(SqlTable.ORDER_ACTIVITY_EVENTS, c, insert);
          insert.addBatch();
          if (++n % 1000 == 0) {
            insert.executeBatch();
          }
        }
        insert.executeBatch();
      }
      String sum =
          "SELECT SUM(CASE WHEN event_type = 'INSERT' THEN 1 ELSE 0 END),"
              + " SUM(CASE WHEN event_type = 'MODIFY' THEN 1 ELSE 0 END),"
              + " SUM(CASE WHEN event_type = 'REMOVE' THEN 1 ELSE 0 END),"
              + " SUM(units), SUM(" + d.quote("value") + ") FROM " + d.quote(SqlTable.ORDER_ACTIVITY_EVENTS.name())
              + " WHERE window_start = ? AND window_end = ?";
      OrderActivity row;
      try (PreparedStatement select = connection.prepareStatement(sum)) {
        select.setObject(1, SqlTable.utc(pane.getWindowStart()));
        select.setObject(2, SqlTable.utc(pane.getWindowEnd()));
        try (ResultSet r = select.executeQuery()) {
          r.next();
          BigDecimal value = r.getBigDecimal(5);
          row =
              OrderActivity.create(
                  pane.getWindowStart(), pane.getWindowEnd(), r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4),
                  value == null ? BigDecimal.ZERO.setScale(2) : value.setScale(2));
        }
      }
      try (PreparedStatement upsert = connection.prepareStatement(d.upsert(SqlTable.ORDER_ACTIVITY))) {
        JdbcUpsert.bind(SqlTable.ORDER_ACTIVITY, row, upsert);
        upsert.executeUpdate();
      }
    }

    /** Every write was committed when its bundle or pane finished: a failing close loses nothing. */
    @Teardown
    public void close() {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException e) {
          org.slf4j.LoggerFactory.getLogger(getClass()).warn("closing the database connection: {}", e.getMessage());
        }
        connection = null;
      }
    }
  }
}

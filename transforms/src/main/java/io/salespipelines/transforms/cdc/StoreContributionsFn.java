package io.salespipelines.transforms.cdc;

import io.salespipelines.schemas.ActivityContribution;
import io.salespipelines.schemas.SqlTable;
import io.salespipelines.transforms.jdbc.JdbcTarget;
import io.salespipelines.transforms.jdbc.JdbcUpsert;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Stores a bundle's contributions in order_activity_events (insert if absent, one transaction) and,
 * once they are committed, emits per window how many there were. Only those counts go through the
 * window's grouping step: a runner keeps a grouping step's pending values in its state and pays for
 * that state on every micro-batch or bundle, so a window's changes themselves would cost in
 * proportion to everything not yet fired. When a pane fires, every change counted in it is already
 * in the database, and {@link WriteOrderActivity} recomputes the window's row from them. Without a
 * database it only counts.
 */
class StoreContributionsFn extends DoFn<ActivityContribution, KV<String, Long>> {
  static final String KEY = "activity";
  private static final int BATCH = 1000;
  private final @Nullable JdbcTarget target;
  private transient DataSource pool;
  private transient Map<BoundedWindow, Window> windows;

  private static final class Window {
    final Map<String, ActivityContribution> changes = new LinkedHashMap<>();
    Instant earliest = BoundedWindow.TIMESTAMP_MAX_VALUE;
  }

  StoreContributionsFn(@Nullable JdbcTarget target) {
    this.target = target;
  }

  @Setup
  public void setup() {
    if (target != null) {
      pool = target.pooledDataSource();
    }
  }

  @StartBundle
  public void start() {
    windows = new LinkedHashMap<>();
  }

  @ProcessElement
  public void process(@Element ActivityContribution c, @Timestamp Instant timestamp, BoundedWindow window) {
    Window w = windows.computeIfAbsent(window, k -> new Window());
    w.changes.putIfAbsent(c.getEventId(), c);
    if (timestamp.isBefore(w.earliest)) {
      w.earliest = timestamp;
    }
  }

  @FinishBundle
  public void finish(FinishBundleContext context) throws SQLException {
    if (windows.isEmpty()) {
      return;
    }
    if (target != null) {
      store();
    }
    for (Map.Entry<BoundedWindow, Window> e : windows.entrySet()) {
      context.output(KV.of(KEY, (long) e.getValue().changes.size()), e.getValue().earliest, e.getKey());
    }
    windows.clear();
  }

  private void store() throws SQLException {
    String sql = target.dialect().insertIfAbsent(SqlTable.ORDER_ACTIVITY_EVENTS);
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      for (int attempt = 1; ; attempt++) {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
          int n = 0;
          for (Window w : windows.values()) {
            for (ActivityContribution c : w.changes.values()) {
              JdbcUpsert.bind(SqlTable.ORDER_ACTIVITY_EVENTS, c, insert);
              insert.addBatch();
              if (++n % BATCH == 0) {
                insert.executeBatch();
              }
            }
          }
          insert.executeBatch();
          connection.commit();
          return;
        } catch (SQLException e) {
          connection.rollback();
          // A replayed change inserted by a concurrent bundle at the same moment: the key race.
          if (!Retries.isRace(e) || attempt >= Retries.ATTEMPTS) {
            throw e;
          }
          Retries.pause(attempt);
        }
      }
    }
  }
}

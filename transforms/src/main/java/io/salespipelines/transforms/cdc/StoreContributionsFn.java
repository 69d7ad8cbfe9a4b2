package io.salespipelines.transforms.cdc;

import io.salespipelines.schemas.ActivityContribution;
import io.salespipelines.schemas.SqlTable;
import io.salespipelines.transforms.jdbc.JdbcTarget;
import io.salespipelines.transforms.jdbc.JdbcUpsert;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a bundle's contributions in order_activity_events (insert if absent, one transaction) and,
 * once they are committed, emits per window how many there were. Only those counts go through the
 * window's grouping step: a runner keeps a grouping step's pending values in its state and pays for
 * that state on every micro-batch or bundle, so a window's changes themselves would cost in
 * proportion to everything not yet fired. When a pane fires, every change counted in it is already
 * in the database, and {@link WriteOrderActivity} recomputes the window's row from them. Without a
 * database it only counts. A change that would take its window's units or value past their
 * columns is left out and counted as {@code activity_overflow} ({@link WindowTotalsFit}).
 */
class StoreContributionsFn extends DoFn<ActivityContribution, KV<String, Long>> {
  private static final Logger LOG = LoggerFactory.getLogger(StoreContributionsFn.class);
  static final String KEY = "activity";
  private static final int BATCH = 1000;
  private final @Nullable JdbcTarget target;
  private transient DataSource pool;
  private transient Map<BoundedWindow, Window> windows;
  private final Counter overflow = Metrics.counter(ParseChangeRecords.METRICS, "activity_overflow");

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
    List<BoundedWindow> order = new ArrayList<>(windows.keySet());
    // Window order: the order_activity rows are locked in it (WindowTotalsFit, WriteOrderActivity).
    order.sort(Comparator.comparing(w -> ((IntervalWindow) w).start()));
    List<List<ActivityContribution>> admitted = new ArrayList<>();
    if (target != null) {
      admitted = store(order);
    } else {
      for (BoundedWindow w : order) {
        admitted.add(new ArrayList<>(windows.get(w).changes.values()));
      }
    }
    for (int i = 0; i < order.size(); i++) {
      Window w = windows.get(order.get(i));
      long kept = admitted.get(i).size();
      long left = w.changes.size() - kept;
      if (left > 0) {
        overflow.inc(left);
        LOG.warn("{} change(s) left out of the order_activity window {}: its units or value would not fit", left, order.get(i));
      }
      if (kept > 0) {
        context.output(KV.of(KEY, kept), w.earliest, order.get(i));
      }
    }
    windows.clear();
  }

  private List<List<ActivityContribution>> store(List<BoundedWindow> order) throws SQLException {
    String sql = target.dialect().insertIfAbsent(SqlTable.ORDER_ACTIVITY_EVENTS);
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      for (int attempt = 1; ; attempt++) {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
          List<WindowTotalsFit.Window> bundle = new ArrayList<>();
          for (BoundedWindow bw : order) {
            IntervalWindow iw = (IntervalWindow) bw;
            bundle.add(new WindowTotalsFit.Window(iw.start(), iw.end(), windows.get(bw).changes.values()));
          }
          List<List<ActivityContribution>> admitted = WindowTotalsFit.admit(connection, target, bundle);
          int n = 0;
          for (List<ActivityContribution> kept : admitted) {
            for (ActivityContribution c : kept) {
              JdbcUpsert.bind(SqlTable.ORDER_ACTIVITY_EVENTS, c, insert);
              insert.addBatch();
              if (++n % BATCH == 0) {
                insert.executeBatch();
              }
            }
          }
          insert.executeBatch();
          connection.commit();
          return admitted;
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

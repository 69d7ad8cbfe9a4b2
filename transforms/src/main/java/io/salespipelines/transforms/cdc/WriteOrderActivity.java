package io.salespipelines.transforms.cdc;

import io.salespipelines.schemas.OrderActivity;
import io.salespipelines.schemas.SqlTable;
import io.salespipelines.transforms.jdbc.JdbcTarget;
import io.salespipelines.transforms.jdbc.JdbcUpsert;
import io.salespipelines.transforms.jdbc.SqlDialect;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * Upserts the windows of fired panes into order_activity. Each change of a pane is in
 * order_activity_events already (one row per event_id, inserted if absent before the pane was
 * grouped, see {@link WindowOrderActivity}); the window's row is recomputed from every change stored
 * for it. So a pane that fires twice, a replayed stream, or a restarted job that re-reads its input
 * (and has none of the old run's windows in memory) neither doubles nor loses a change.
 *
 * <p>All panes of a bundle go in one transaction: a batch that creates missing rows, a batch of row
 * locks, one grouped query for the windows' sums, a batch of upserts. The rows are locked before
 * they are summed, so two transactions that touch the same window run one after the other and the
 * later one sums everything committed before it (else it could commit a sum older than the other's
 * last). The output is each row written, once committed.
 */
public class WriteOrderActivity extends PTransform<PCollection<ActivityPane>, PCollection<OrderActivity>> {
  private final JdbcTarget target;

  public WriteOrderActivity(JdbcTarget target) {
    this.target = target;
  }

  @Override
  public PCollection<OrderActivity> expand(PCollection<ActivityPane> panes) {
    return panes
        .apply("InsertAndRecompute", ParDo.of(new UpsertPanesFn(target)))
        .setCoder(SchemaCoders.of(panes.getPipeline(), OrderActivity.class));
  }

  static class UpsertPanesFn extends DoFn<ActivityPane, OrderActivity> {
    /** Windows per grouped query. */
    private static final int WINDOWS_PER_QUERY = 200;
    private final JdbcTarget target;
    private transient DataSource pool;
    /** This bundle's windows (start, end), in order, with their Beam window. */
    private transient TreeMap<List<Instant>, BoundedWindow> windows;

    UpsertPanesFn(JdbcTarget target) {
      this.target = target;
    }

    @Setup
    public void setup() {
      pool = target.pooledDataSource();
    }

    @StartBundle
    public void start() {
      windows = new TreeMap<>((a, b) -> {
        int c = a.get(0).compareTo(b.get(0));
        return c != 0 ? c : a.get(1).compareTo(b.get(1));
      });
    }

    @ProcessElement
    public void process(@Element ActivityPane pane, BoundedWindow window) {
      if (pane.getChanges() == 0) {
        // An on-time pane after early ones can be empty: nothing new, the row stands.
        return;
      }
      windows.putIfAbsent(List.of(pane.getWindowStart(), pane.getWindowEnd()), window);
    }

    @FinishBundle
    public void finish(FinishBundleContext context) throws SQLException {
      if (windows.isEmpty()) {
        return;
      }
      List<OrderActivity> rows;
      try (Connection connection = pool.getConnection()) {
        connection.setAutoCommit(false);
        for (int attempt = 1; ; attempt++) {
          try {
            rows = write(connection);
            connection.commit();
            break;
          } catch (SQLException e) {
            connection.rollback();
            if (!Retries.isRace(e) || attempt >= Retries.ATTEMPTS) {
              throw e;
            }
            Retries.pause(attempt);
          }
        }
      }
      for (OrderActivity row : rows) {
        BoundedWindow w = windows.get(List.of(row.getWindowStart(), row.getWindowEnd()));
        context.output(row, w.maxTimestamp(), w);
      }
      windows.clear();
    }

    private List<OrderActivity> write(Connection connection) throws SQLException {
      SqlDialect d = target.dialect();
      String table = d.quote(SqlTable.ORDER_ACTIVITY.name());
      String start = d.quote("window_start");
      String end = d.quote("window_end");
      // Create the rows that are missing, then lock every row of this bundle, in window order.
      try (PreparedStatement create = connection.prepareStatement(d.insertIfAbsent(SqlTable.ORDER_ACTIVITY));
          PreparedStatement lock = connection.prepareStatement(
              "UPDATE " + table + " SET " + d.quote("inserts") + " = " + d.quote("inserts") + " WHERE " + start
                  + " = ? AND " + end + " = ?")) {
        for (List<Instant> w : windows.keySet()) {
          JdbcUpsert.bind(
              SqlTable.ORDER_ACTIVITY,
              OrderActivity.create(w.get(0), w.get(1), 0, 0, 0, 0, BigDecimal.ZERO.setScale(2)),
              create);
          create.addBatch();
          lock.setObject(1, SqlTable.utc(w.get(0)));
          lock.setObject(2, SqlTable.utc(w.get(1)));
          lock.addBatch();
        }
        create.executeBatch();
        lock.executeBatch();
      }
      List<OrderActivity> rows = new ArrayList<>();
      List<List<Instant>> keys = new ArrayList<>(windows.keySet());
      for (int from = 0; from < keys.size(); from += WINDOWS_PER_QUERY) {
        rows.addAll(sums(connection, d, keys.subList(from, Math.min(keys.size(), from + WINDOWS_PER_QUERY))));
      }
      try (PreparedStatement upsert = connection.prepareStatement(d.upsert(SqlTable.ORDER_ACTIVITY))) {
        for (OrderActivity row : rows) {
          JdbcUpsert.bind(SqlTable.ORDER_ACTIVITY, row, upsert);
          upsert.addBatch();
        }
        upsert.executeBatch();
      }
      return rows;
    }

    /** Each window's row, summed from every change stored for it, in one query for these windows. */
    private static List<OrderActivity> sums(Connection connection, SqlDialect d, List<List<Instant>> keys)
        throws SQLException {
      String sql =
          "SELECT " + d.quote("window_start") + ", " + d.quote("window_end") + ","
              + " SUM(CASE WHEN " + d.quote("event_type") + " = 'INSERT' THEN 1 ELSE 0 END),"
              + " SUM(CASE WHEN " + d.quote("event_type") + " = 'MODIFY' THEN 1 ELSE 0 END),"
              + " SUM(CASE WHEN " + d.quote("event_type") + " = 'REMOVE' THEN 1 ELSE 0 END),"
              + " SUM(" + d.quote("units") + "), SUM(" + d.quote("value") + ")"
              + " FROM " + d.quote(SqlTable.ORDER_ACTIVITY_EVENTS.name())
              + " WHERE " + d.quote("window_start") + " IN (" + String.join(", ", Collections.nCopies(keys.size(), "?"))
              + ") GROUP BY " + d.quote("window_start") + ", " + d.quote("window_end");
      Map<List<Instant>, OrderActivity> byWindow = new LinkedHashMap<>();
      try (PreparedStatement select = connection.prepareStatement(sql)) {
        for (int i = 0; i < keys.size(); i++) {
          select.setObject(i + 1, SqlTable.utc(keys.get(i).get(0)));
        }
        try (ResultSet r = select.executeQuery()) {
          while (r.next()) {
            Instant start = instant(r.getObject(1, java.time.LocalDateTime.class));
            Instant end = instant(r.getObject(2, java.time.LocalDateTime.class));
            BigDecimal value = r.getBigDecimal(7);
            byWindow.put(
                List.of(start, end),
                OrderActivity.create(
                    start, end, r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6),
                    value == null ? BigDecimal.ZERO.setScale(2) : value.setScale(2)));
          }
        }
      }
      List<OrderActivity> rows = new ArrayList<>();
      for (List<Instant> k : keys) {
        OrderActivity row = byWindow.get(k);
        if (row == null) {
          throw new SQLException("order_activity_events holds no change of the window " + k + " just inserted");
        }
        rows.add(row);
      }
      return rows;
    }

    private static Instant instant(java.time.LocalDateTime utc) {
      return new Instant(utc.toInstant(java.time.ZoneOffset.UTC).toEpochMilli());
    }
  }
}

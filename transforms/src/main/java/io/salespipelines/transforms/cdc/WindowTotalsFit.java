package io.salespipelines.transforms.cdc;

import io.salespipelines.schemas.ActivityContribution;
import io.salespipelines.schemas.OrderActivity;
import io.salespipelines.schemas.SqlTable;
import io.salespipelines.schemas.ValueLimits;
import io.salespipelines.transforms.jdbc.JdbcTarget;
import io.salespipelines.transforms.jdbc.JdbcUpsert;
import io.salespipelines.transforms.jdbc.SqlDialect;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.joda.time.Instant;

/**
 * Keeps a window's totals within their columns: order_activity.units is BIGINT and value is
 * DECIMAL(18,2), and each INSERT fits alone, but many can add up past them; the window's row then
 * failed its database write, the run, and every restart. So a change enters its window (its
 * order_activity_events row) only if the window's stored totals plus it still fit; one that would
 * pass the limit is left out of order_activity, like a too-late change, and is still in cdc_events
 * and orders_current (not a dead letter: it was written). Decided with the window's order_activity
 * row locked, so that bundles running at once cannot each fit and together pass.
 */
final class WindowTotalsFit {
  private static final BigDecimal MAX_UNITS = BigDecimal.valueOf(Long.MAX_VALUE);

  private WindowTotalsFit() {}

  /** One window's changes of a bundle and its stored totals. */
  static final class Window {
    final Instant start;
    final Instant end;
    final Collection<ActivityContribution> changes;
    BigDecimal units = BigDecimal.ZERO;
    BigDecimal value = BigDecimal.ZERO;

    Window(Instant start, Instant end, Collection<ActivityContribution> changes) {
      this.start = start;
      this.end = end;
      this.changes = changes;
    }
  }

  /**
   * The changes that fit, per window in the order given; windows must be sorted by start (rows are
   * locked in that order, as {@link WriteOrderActivity} does, so the two never deadlock).
   */
  static List<List<ActivityContribution>> admit(Connection connection, JdbcTarget target, List<Window> windows)
      throws SQLException {
    lockRows(connection, target.dialect(), windows);
    storedTotals(connection, target.dialect(), windows);
    List<List<ActivityContribution>> admitted = new ArrayList<>();
    for (Window w : windows) {
      admitted.add(fits(connection, target.dialect(), w));
    }
    return admitted;
  }

  private static List<ActivityContribution> fits(Connection connection, SqlDialect d, Window w) throws SQLException {
    BigDecimal units = w.units.abs();
    BigDecimal value = w.value.abs();
    for (ActivityContribution c : w.changes) {
      units = units.add(BigDecimal.valueOf(c.getUnits()).abs());
      value = value.add(c.getValue().abs());
    }
    if (units.compareTo(MAX_UNITS) <= 0 && value.compareTo(ValueLimits.MAX_MONEY) <= 0) {
      return new ArrayList<>(w.changes); // The usual case: everything fits whatever the order.
    }
    // Changes stored before (a replay, a restart) are in the totals already.
    Set<String> stored = storedIds(connection, d, w.changes);
    BigDecimal u = w.units;
    BigDecimal v = w.value;
    List<ActivityContribution> kept = new ArrayList<>();
    for (ActivityContribution c : w.changes) {
      if (stored.contains(c.getEventId())) {
        kept.add(c);
        continue;
      }
      BigDecimal nu = u.add(BigDecimal.valueOf(c.getUnits()));
      BigDecimal nv = v.add(c.getValue());
      if (nu.abs().compareTo(MAX_UNITS) <= 0 && nv.abs().compareTo(ValueLimits.MAX_MONEY) <= 0) {
        kept.add(c);
        u = nu;
        v = nv;
      }
    }
    return kept;
  }

  private static void lockRows(Connection connection, SqlDialect d, List<Window> windows) throws SQLException {
    String table = d.quote(SqlTable.ORDER_ACTIVITY.name());
    try (PreparedStatement create = connection.prepareStatement(d.insertIfAbsent(SqlTable.ORDER_ACTIVITY));
        PreparedStatement lock = connection.prepareStatement(
            "UPDATE " + table + " SET " + d.quote("inserts") + " = " + d.quote("inserts") + " WHERE "
                + d.quote("window_start") + " = ? AND " + d.quote("window_end") + " = ?")) {
      for (Window w : windows) {
        JdbcUpsert.bind(
            SqlTable.ORDER_ACTIVITY, OrderActivity.create(w.start, w.end, 0, 0, 0, 0, BigDecimal.ZERO.setScale(2)), create);
        create.addBatch();
        lock.setObject(1, SqlTable.utc(w.start));
        lock.setObject(2, SqlTable.utc(w.end));
        lock.addBatch();
      }
      create.executeBatch();
      lock.executeBatch();
    }
  }

  private static void storedTotals(Connection connection, SqlDialect d, List<Window> windows) throws SQLException {
    String sql = "SELECT " + d.quote("window_start") + ", " + d.quote("window_end") + ", SUM(" + d.quote("units") + "), SUM(" + d.quote("value") + ")"
        + " FROM " + d.quote(SqlTable.ORDER_ACTIVITY_EVENTS.name()) + " WHERE " + d.quote("window_start") + " IN ("
        + String.join(", ", Collections.nCopies(windows.size(), "?")) + ") GROUP BY " + d.quote("window_start") + ", "
        + d.quote("window_end");
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < windows.size(); i++) {
        select.setObject(i + 1, SqlTable.utc(windows.get(i).start));
      }
      try (ResultSet r = select.executeQuery()) {
        while (r.next()) {
          java.time.LocalDateTime start = r.getObject(1, java.time.LocalDateTime.class);
          java.time.LocalDateTime end = r.getObject(2, java.time.LocalDateTime.class);
          for (Window w : windows) {
            if (SqlTable.utc(w.start).equals(start) && SqlTable.utc(w.end).equals(end)) {
              w.units = r.getBigDecimal(3) == null ? BigDecimal.ZERO : r.getBigDecimal(3);
              w.value = r.getBigDecimal(4) == null ? BigDecimal.ZERO : r.getBigDecimal(4);
            }
          }
        }
      }
    }
  }

  private static Set<String> storedIds(Connection connection, SqlDialect d, Collection<ActivityContribution> changes)
      throws SQLException {
    Set<String> ids = new HashSet<>();
    List<ActivityContribution> all = new ArrayList<>(changes);
    for (int from = 0; from < all.size(); from += 500) {
      List<ActivityContribution> part = all.subList(from, Math.min(all.size(), from + 500));
      String sql = "SELECT " + d.quote("event_id") + " FROM " + d.quote(SqlTable.ORDER_ACTIVITY_EVENTS.name())
          + " WHERE " + d.quote("event_id") + " IN (" + String.join(", ", Collections.nCopies(part.size(), "?")) + ")";
      try (PreparedStatement select = connection.prepareStatement(sql)) {
        for (int i = 0; i < part.size(); i++) {
          select.setString(i + 1, part.get(i).getEventId());
        }
        try (ResultSet r = select.executeQuery()) {
          while (r.next()) {
            ids.add(r.getString(1));
          }
        }
      }
    }
    return ids;
  }
}

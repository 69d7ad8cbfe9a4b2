package io.salespipelines.transforms.cdc;

import java.sql.SQLException;

/**
 * When a database write lost a race with a concurrent one (a key inserted by two writers at once, a
 * deadlock, a serialization failure), it is rolled back and tried again after a short pause.
 */
final class Retries {
  static final int ATTEMPTS = 10;

  private Retries() {}

  /**
   * SQLSTATE class 23 (integrity: the other writer's key), 40 (rollback: deadlock, serialization),
   * or a lock wait that timed out (HYT00, H2's).
   */
  static boolean isRace(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException) {
        String state = ((SQLException) t).getSQLState();
        if (state != null && (state.startsWith("23") || state.startsWith("40") || state.equals("HYT00"))) {
          return true;
        }
      }
    }
    SQLException next = e.getNextException();
    return next != null && next != e && isRace(next);
  }

  static void pause(int attempt) {
    try {
      Thread.sleep(20L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

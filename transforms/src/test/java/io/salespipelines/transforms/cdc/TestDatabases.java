package io.salespipelines.transforms.cdc;

import io.salespipelines.schemas.SqlTable;
import io.salespipelines.transforms.jdbc.JdbcTarget;
import java.io.File;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.junit.Assume;

/**
 * The databases the CDC writers are tested against: an embedded H2 file, and the MariaDB and
 * PostgreSQL servers of {@code scripts/test-databases.sh} (skipped when TEST_MARIADB_URL /
 * TEST_POSTGRES_URL are not set; CI always sets them).
 */
final class TestDatabases {
  private TestDatabases() {}

  static Collection<Object[]> names() {
    return Arrays.asList(new Object[][] {{"h2"}, {"mariadb"}, {"postgresql"}});
  }

  /** A target with empty CDC tables. */
  static JdbcTarget fresh(String database, File tmp) throws SQLException {
    String user = System.getenv("TEST_DB_USER");
    String password = System.getenv("TEST_DB_PASSWORD");
    JdbcTarget target;
    switch (database) {
      case "h2":
        target = new JdbcTarget("jdbc:h2:file:" + tmp + "/cdc", null, null);
        break;
      case "mariadb":
        Assume.assumeTrue("TEST_MARIADB_URL not set", System.getenv("TEST_MARIADB_URL") != null);
        target = new JdbcTarget(System.getenv("TEST_MARIADB_URL"), user, password);
        break;
      default:
        Assume.assumeTrue("TEST_POSTGRES_URL not set", System.getenv("TEST_POSTGRES_URL") != null);
        target = new JdbcTarget(System.getenv("TEST_POSTGRES_URL"), user, password);
    }
    try (Connection c = target.connect();
        Statement s = c.createStatement()) {
      s.execute("DROP VIEW IF EXISTS " + target.dialect().quote(CdcTables.ORDERS_LIVE));
      for (SqlTable<?> t : SqlTable.CDC) {
        s.execute("DROP TABLE IF EXISTS " + target.dialect().quote(t.name()));
      }
    }
    CdcTables.prepare(target);
    return target;
  }

  static List<String> rows(JdbcTarget target, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = target.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i > 1 ? "|" : "").append(r.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }
}

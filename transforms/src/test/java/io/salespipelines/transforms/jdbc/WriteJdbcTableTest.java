package io.salespipelines.transforms.jdbc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertThrows;

import io.salespipelines.schemas.CustomerMonthlySpend;
import io.salespipelines.schemas.SalesTeamIncentive;
import io.salespipelines.schemas.SqlTable;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/**
 * Upserts against real databases: an embedded H2 file, and the MariaDB and PostgreSQL servers that
 * {@code scripts/test-databases.sh} starts (CI always starts them; elsewhere these cases are skipped
 * when TEST_MARIADB_URL / TEST_POSTGRES_URL are not set).
 */
@RunWith(Parameterized.class)
public class WriteJdbcTableTest {
  private static final String LONG = "x".repeat(100_000);
  private static final String HOSTILE = "Robert'); DROP TABLE customer_monthly_spend;-- \"Zoë\" 日本 \\ %_";

  @Parameterized.Parameters(name = "{0}")
  public static Collection<Object[]> databases() {
    return Arrays.asList(new Object[][] {{"h2"}, {"mariadb"}, {"postgresql"}});
  }

  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  private final String database;
  private JdbcTarget target;

  public WriteJdbcTableTest(String database) {
    this.database = database;
  }

  @Before
  public void connect() throws Exception {
    String user = System.getenv("TEST_DB_USER");
    String password = System.getenv("TEST_DB_PASSWORD");
    switch (database) {
      case "h2":
        target = new JdbcTarget("jdbc:h2:file:" + tmp.getRoot() + "/marts", null, null);
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
      for (SqlTable<?> t : SqlTable.ALL) {
        s.execute("DROP TABLE IF EXISTS " + target.dialect().quote(t.name()));
      }
    }
    target.prepare(SqlTable.ALL);
  }

  private void write(List<CustomerMonthlySpend> spend, List<SalesTeamIncentive> incentives) {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    p.apply("Spend", Create.of(spend))
        .apply("UpsertSpend", new WriteJdbcTable<>(SqlTable.CUSTOMER_MONTHLY_SPEND, target));
    p.apply("Incentives", Create.of(incentives))
        .apply("UpsertIncentives", new WriteJdbcTable<>(SqlTable.SALES_TEAM_INCENTIVE, target));
    p.run().waitUntilFinish();
  }

  private List<String> rows(String sql) throws SQLException {
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

  @Test
  public void upsertTwiceLeavesTheSameRowsAndUpdatesValues() throws Exception {
    List<CustomerMonthlySpend> spend =
        List.of(
            CustomerMonthlySpend.create("C1", HOSTILE, LONG, 2025, 6, new BigDecimal("1234567890123456.78")),
            CustomerMonthlySpend.create("C1", "A", null, 2025, 7, new BigDecimal("0.01")));
    List<SalesTeamIncentive> incentives =
        List.of(
            SalesTeamIncentive.create("S1", "SP1", "Kim", "Lee", 2025, 6, new BigDecimal("100.50"), new BigDecimal("1.01")));
    write(spend, incentives);
    write(spend, incentives);
    String q = target.dialect().quote("customer_monthly_spend");
    String y = target.dialect().quote("year");
    String m = target.dialect().quote("month");
    assertThat(
        rows("SELECT customer_id, first_name, " + y + ", " + m + ", monthly_total FROM " + q),
        containsInAnyOrder("C1|" + HOSTILE + "|2025|6|1234567890123456.78", "C1|A|2025|7|0.01"));
    assertThat(rows("SELECT last_name FROM " + q + " WHERE " + m + " = 6"), equalTo(List.of(LONG)));

    // A later run recomputed a total: the row is updated in place, not duplicated.
    write(
        List.of(CustomerMonthlySpend.create("C1", "A", null, 2025, 7, new BigDecimal("5.00"))),
        List.of(SalesTeamIncentive.create("S1", "SP1", "Kim", "Lee", 2025, 6, new BigDecimal("200.00"), new BigDecimal("2.00"))));
    assertThat(rows("SELECT COUNT(*) FROM " + q), equalTo(List.of("2")));
    assertThat(rows("SELECT monthly_total FROM " + q + " WHERE " + m + " = 7"), equalTo(List.of("5.00")));
    assertThat(
        rows("SELECT total_sales, incentive FROM " + target.dialect().quote("sales_team_incentive")),
        equalTo(List.of("200.00|2.00")));
  }

  @Test
  public void badCredentialsFailWithoutShowingThePassword() {
    Assume.assumeTrue("needs a server with password auth", !database.equals("h2"));
    String url = database.equals("mariadb") ? System.getenv("TEST_MARIADB_URL") : System.getenv("TEST_POSTGRES_URL");
    JdbcTarget wrong = new JdbcTarget(url, System.getenv("TEST_DB_USER"), "Wrong-Secret-42");
    SQLException e = assertThrows(SQLException.class, () -> wrong.prepare(SqlTable.ALL));
    assertThat(String.valueOf(e.getMessage()), not(containsString("Wrong-Secret-42")));
    assertThat(wrong.toString(), not(containsString("Wrong-Secret-42")));
  }

  @Test
  public void urlsArePrintedWithoutSecrets() {
    assertThat(
        JdbcUrls.withoutSecrets("jdbc:postgresql://h/db?user=a&password=s3cret&ssl=true"),
        equalTo("jdbc:postgresql://h/db?user=a&password=****&ssl=true"));
    assertThat(
        JdbcUrls.withoutSecrets("jdbc:mysql://bob:s3cret@h:3306/db"), equalTo("jdbc:mysql://bob:****@h:3306/db"));
  }
}

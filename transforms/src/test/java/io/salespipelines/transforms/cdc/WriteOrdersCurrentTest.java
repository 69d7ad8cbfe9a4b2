package io.salespipelines.transforms.cdc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.salespipelines.schemas.CdcEvent;
import io.salespipelines.transforms.jdbc.JdbcTarget;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/** The conditional upsert of orders_current on H2, MariaDB and PostgreSQL. */
@RunWith(Parameterized.class)
public class WriteOrdersCurrentTest {
  /** Above Long.MAX_VALUE, and ordered differently as text than as numbers. */
  private static final String BIG = "98765432109876543210987654321";

  @Parameterized.Parameters(name = "{0}")
  public static Collection<Object[]> databases() {
    return TestDatabases.names();
  }

  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();
  private final String database;
  private JdbcTarget target;

  public WriteOrdersCurrentTest(String database) {
    this.database = database;
  }

  @Before
  public void prepare() throws Exception {
    target = TestDatabases.fresh(database, tmp.getRoot());
  }

  private static CdcEvent event(String id, String type, String order, String seq, long time, int qty, String price)
      throws Exception {
    return ChangeRecordParser.parse(ChangeRecords.change(id, type, order, seq, time, qty, price));
  }

  private void write(List<CdcEvent> events) {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    p.apply(Create.of(events)).apply(new WriteOrdersCurrent(target));
    p.run().waitUntilFinish();
  }

  private List<String> table() throws Exception {
    return TestDatabases.rows(
        target,
        "SELECT orderid, product_name, quantity, price, last_event_type, sequence_number, updated_at, deleted FROM "
            + target.dialect().quote("orders_current") + " ORDER BY orderid");
  }

  private List<CdcEvent> history() throws Exception {
    List<CdcEvent> events = new ArrayList<>();
    events.add(event("a1", "INSERT", "A", "100", 1000, 1, "2.50"));
    events.add(event("a2", "MODIFY", "A", "200", 1010, 4, "2.50"));
    events.add(event("a3", "MODIFY", "A", "1000", 1020, 5, "2.75"));
    events.add(event("b1", "INSERT", "B", "9", 1000, 2, "10"));
    events.add(event("b2", "REMOVE", "B", "10", 1030, 2, "10"));
    events.add(event("c1", "INSERT", "C", "99999999999999999999", 1000, 7, "1.00"));
    events.add(event("c2", "MODIFY", "C", BIG, 1040, 8, "1.00"));
    return events;
  }

  @Test
  public void highestSequenceNumberWinsInAnyOrderAndAnyNumberOfTimes() throws Exception {
    write(history());
    List<String> inOrder = table();
    assertThat(inOrder.size(), equalTo(3));
    assertThat(inOrder.get(0), equalTo("A|Widget A|5|2.75|MODIFY|1000|" + ts(1020) + "|" + bool(false)));
    assertThat(inOrder.get(1), equalTo("B|Widget B|2|10.00|REMOVE|10|" + ts(1030) + "|" + bool(true)));
    assertThat(inOrder.get(2), equalTo("C|Widget C|8|1.00|MODIFY|" + BIG + "|" + ts(1040) + "|" + bool(false)));

    // Replayed, duplicated and shuffled, in several pipelines and bundles: the same table.
    target = TestDatabases.fresh(database, tmp.newFolder());
    List<CdcEvent> shuffled = new ArrayList<>(history());
    shuffled.addAll(history());
    Collections.shuffle(shuffled, new Random(7));
    Collections.reverse(shuffled);
    write(shuffled.subList(0, 5));
    write(shuffled.subList(5, shuffled.size()));
    write(history().subList(0, 1));
    assertThat(table(), equalTo(inOrder));
  }

  @Test
  public void anOlderChangeCannotBringARemovedOrderBack() throws Exception {
    write(List.of(event("b2", "REMOVE", "B", "10", 1030, 2, "10")));
    write(List.of(event("b1", "INSERT", "B", "9", 1000, 2, "10")));
    assertThat(table(), contains("B|Widget B|2|10.00|REMOVE|10|" + ts(1030) + "|" + bool(true)));
    assertThat(
        TestDatabases.rows(target, "SELECT COUNT(*) FROM " + target.dialect().quote(CdcTables.ORDERS_LIVE)),
        contains("0"));
    // A newer INSERT (the item was written again) brings it back.
    write(List.of(event("b3", "INSERT", "B", "11", 1050, 3, "10")));
    assertThat(
        TestDatabases.rows(target, "SELECT orderid, quantity FROM " + target.dialect().quote(CdcTables.ORDERS_LIVE)),
        contains("B|3"));
  }

  private String bool(boolean b) {
    return database.equals("mariadb") ? (b ? "1" : "0") : database.equals("h2") ? Boolean.toString(b).toUpperCase() : (b ? "t" : "f");
  }

  private String ts(long seconds) {
    String t = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
        .format(java.time.LocalDateTime.ofEpochSecond(seconds, 0, java.time.ZoneOffset.UTC));
    return database.equals("mariadb") ? t + ".000" : t;
  }
}

package io.salespipelines.transforms.cdc;

import io.salespipelines.schemas.CdcEvent;
import io.salespipelines.schemas.SqlTable;
import io.salespipelines.transforms.jdbc.JdbcTarget;
import io.salespipelines.transforms.jdbc.JdbcUpsert;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.TreeMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Upserts each change into orders_current unless the stored row has a higher SequenceNumber (a
 * conditional upsert in the database, see {@code SqlDialect.upsertIfNewer}). The outcome does not
 * depend on the order or the number of times changes arrive: replays, duplicates and reordering
 * leave the same table. A REMOVE is stored with {@code deleted = true}, so an older change cannot
 * bring the order back.
 */
public class WriteOrdersCurrent extends PTransform<PCollection<CdcEvent>, PDone> {
  private final JdbcTarget target;

  public WriteOrdersCurrent(JdbcTarget target) {
    this.target = target;
  }

  @Override
  public PDone expand(PCollection<CdcEvent> events) {
    events.apply("UpsertIfNewer", ParDo.of(new UpsertFn(target)));
    return PDone.in(events.getPipeline());
  }

  static class UpsertFn extends DoFn<CdcEvent, Void> {
    private static final int BATCH = 1000;
    private final JdbcTarget target;
    private transient Connection connection;
    /**
     * The newest change per order of this bundle: fewer statements, no order twice in a batch, and
     * rows locked in key order, so that two concurrent batches cannot deadlock.
     */
    private transient Map<String, CdcEvent> newest;

    UpsertFn(JdbcTarget target) {
      this.target = target;
    }

    @StartBundle
    public void start() {
      newest = new TreeMap<>();
    }

    @ProcessElement
    public void process(@Element CdcEvent e) throws SQLException {
      newest.merge(e.getOrderId(), e, (a, b) -> a.sequence().compareTo(b.sequence()) >= 0 ? a : b);
      if (newest.size() >= BATCH) {
        flush();
      }
    }

    @FinishBundle
    public void finish() throws SQLException {
      flush();
    }

    private void flush() throws SQLException {
      if (newest.isEmpty()) {
        return;
      }
      if (connection == null) {
        connection = target.connect();
        connection.setAutoCommit(false);
      }
      String sql = target.dialect().upsertIfNewer(SqlTable.ORDERS_CURRENT);
      for (int attempt = 1; ; attempt++) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          for (CdcEvent e : newest.values()) {
            JdbcUpsert.bind(SqlTable.ORDERS_CURRENT, e, statement);
            statement.addBatch();
          }
          statement.executeBatch();
          connection.commit();
          break;
        } catch (SQLException e) {
          connection.rollback();
          // Two writers inserting the same new order at once: one loses the key race. Once the
          // other has committed the row exists, and the comparison decides.
          if (!Retries.isRace(e) || attempt >= Retries.ATTEMPTS) {
            throw e;
          }
          Retries.pause(attempt);
        }
      }
      newest.clear();
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

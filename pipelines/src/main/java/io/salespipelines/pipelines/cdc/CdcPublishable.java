package io.salespipelines.pipelines.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipelines.pipelines.publish.CatalogTable;
import io.salespipelines.pipelines.publish.CatalogView;
import io.salespipelines.pipelines.publish.Charts;
import io.salespipelines.pipelines.publish.PartitionProjection;
import io.salespipelines.pipelines.publish.Publishable;
import io.salespipelines.pipelines.publish.ReportData;
import io.salespipelines.pipelines.publish.ReportSection;
import io.salespipelines.schemas.CdcEvent;
import io.salespipelines.schemas.SqlTable;
import io.salespipelines.transforms.cdc.WriteCdcEvents;
import io.salespipelines.transforms.jdbc.JdbcTarget;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The query layer of {@code orders-cdc} (SPEC 3.2): {@code cdc_events} (JSON lines or Parquet,
 * partitioned {@code dt=YYYY-MM-DD/hour=HH}), the dead letters, and the seed's live orders view over
 * the files; the report's sections: changes per hour by type (from cdc_events) and the order
 * activity windows (from the database, when the run has one).
 */
final class CdcPublishable implements Publishable {
  static final String CDC_EVENTS = "cdc_events";
  /** Hours and windows a report shows at most: a stream runs for months. */
  static final int HOURS = 48;
  static final int WINDOWS = 120;
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:00").withZone(ZoneOffset.UTC);
  private static final List<String> TYPES = List.of(CdcEvent.INSERT, CdcEvent.MODIFY, CdcEvent.REMOVE);

  private final WriteCdcEvents.Format format;
  private final @Nullable JdbcTarget database;

  /**
   * Where the publisher's lines (the report's path, or why a part was not written) go: the log, as
   * the job's stdout is its one summary line.
   */
  static java.io.PrintStream toLog() {
    org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OrdersCdcJob.class);
    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
    return new java.io.PrintStream(new java.io.OutputStream() {
      @Override
      public void write(int b) {
        if (b == '\n') {
          log.info(line.toString(java.nio.charset.StandardCharsets.UTF_8));
          line.reset();
        } else {
          line.write(b);
        }
      }
    }, true, java.nio.charset.StandardCharsets.UTF_8);
  }

  CdcPublishable(WriteCdcEvents.Format format, @Nullable JdbcTarget database) {
    this.format = format;
    this.database = database;
  }

  /**
   * The columns of cdc_events. In JSON lines {@code additional_attributes} is a nested object, which
   * no column type of the Hive JSON SerDe reads in general: Hive takes a STRING column's object
   * apart into the outer row (corrupting it), Athena (Trino) rejects it as "not a scalar", MAP and
   * STRUCT need the attributes' shapes known. The JSON table leaves that field out (both engines
   * skip fields they have no column for); with --format=parquet it is a STRING of JSON text.
   */
  static Schema columns(WriteCdcEvents.Format format) {
    if (format == WriteCdcEvents.Format.PARQUET) {
      return WriteCdcEvents.AVRO;
    }
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : WriteCdcEvents.AVRO.getFields()) {
      if (!f.name().equals("additional_attributes")) {
        fields.add(new Schema.Field(f, f.schema()));
      }
    }
    return Schema.createRecord("cdc_event_json", null, "io.salespipelines.cdc", false, fields);
  }

  @Override
  public List<CatalogTable> catalogTables() {
    boolean parquet = format == WriteCdcEvents.Format.PARQUET;
    return List.of(
        CatalogTable.of(
            CDC_EVENTS,
            "one flattened change per record (INSERT, MODIFY, REMOVE), by event hour (UTC)"
                + (parquet ? "" : "; additional_attributes is in the files only (--format=parquet has it as a column)"),
            parquet ? CatalogTable.Format.PARQUET : CatalogTable.Format.JSON_LINES,
            columns(format),
            List.of("dt", "hour"),
            PartitionProjection.days("yyyy-MM-dd"),
            PartitionProjection.integers(0, 23, 2)),
        CatalogTable.deadLetters());
  }

  @Override
  public List<CatalogView> catalogViews(String db) {
    return List.of(
        // The latest change per order wins, by SequenceNumber compared as an integer: the numbers are
        // canonical digits (no leading zeros) of up to 40 digits, more than DECIMAL(38,0) holds, so a
        // longer one is larger and one of the same length compares as text. As orders_live in the
        // database: a REMOVE hides the order.
        CatalogView.of(
            "orders_live", "the latest state of each order not removed, from cdc_events",
            "SELECT orderid, product_name, quantity, price, event_type AS last_event_type, sequence_number,"
                + " creation_time AS updated_at\n"
                + "FROM (\n"
                + "  SELECT e.*, ROW_NUMBER() OVER (\n"
                + "    PARTITION BY orderid ORDER BY length(sequence_number) DESC, sequence_number DESC) AS latest\n"
                + "  FROM " + db + "." + CDC_EVENTS + " e\n"
                + ") changes\n"
                + "WHERE latest = 1 AND event_type <> 'REMOVE'"),
        CatalogView.of(
            "changes_per_hour", "changes per event hour and type, with the units and value inserted",
            "SELECT dt, hour, event_type, COUNT(*) AS changes,"
                + " SUM(CASE WHEN event_type = 'INSERT' THEN quantity ELSE 0 END) AS units_inserted,"
                + " SUM(CASE WHEN event_type = 'INSERT' THEN quantity * price ELSE 0 END) AS value_inserted\n"
                + "FROM " + db + "." + CDC_EVENTS + "\n"
                + "GROUP BY dt, hour, event_type"),
        CatalogView.deadLettersByRun(db));
  }

  /** Per hour: the changes of each type, and the value of the INSERTs. */
  private static final class Hour {
    final Map<String, Long> changes = new TreeMap<>();
    BigDecimal inserted = BigDecimal.ZERO.setScale(2);
    long units;
  }

  @Override
  public List<ReportSection> reportSections(ReportData data) throws Exception {
    Map<String, Hour> hours = new TreeMap<>();
    if (format == WriteCdcEvents.Format.PARQUET) {
      Schema money = WriteCdcEvents.AVRO.getField("price").schema().getTypes().get(1);
      Conversions.DecimalConversion decimal = new Conversions.DecimalConversion();
      data.forEachParquetRecord(CDC_EVENTS, r -> {
        Object price = r.get("price");
        add(hours, (Long) r.get("creation_time"), r.get("event_type").toString(), (Long) r.get("quantity"),
            price == null ? null : price instanceof GenericFixed
                ? decimal.fromFixed((GenericFixed) price, money, (LogicalTypes.Decimal) money.getLogicalType())
                : decimal.fromBytes((ByteBuffer) price, money, (LogicalTypes.Decimal) money.getLogicalType()));
      });
    } else {
      data.forEachJsonLine(CDC_EVENTS, (JsonNode j) -> add(hours, j.path("creation_time").asLong(),
          j.path("event_type").asText(), j.path("quantity").isNumber() ? j.path("quantity").asLong() : null,
          j.path("price").isNumber() ? j.path("price").decimalValue() : null));
    }
    List<ReportSection> sections = new ArrayList<>();
    sections.add(changesPerHour(hours));
    if (database != null) {
      sections.add(activity(database));
    }
    return sections;
  }

  private static void add(Map<String, Hour> hours, long seconds, String type, Long quantity, BigDecimal price) {
    Hour h = hours.computeIfAbsent(HOUR.format(Instant.ofEpochSecond(seconds)), k -> new Hour());
    h.changes.merge(type, 1L, Long::sum);
    if (CdcEvent.INSERT.equals(type) && quantity != null && price != null) {
      h.units += quantity;
      h.inserted = h.inserted.add(price.multiply(BigDecimal.valueOf(quantity))).setScale(2, java.math.RoundingMode.HALF_UP);
    }
  }

  private static <T> List<String> latest(Map<String, T> byKey, int n) {
    List<String> keys = new ArrayList<>(byKey.keySet());
    return keys.subList(Math.max(0, keys.size() - n), keys.size());
  }

  private static ReportSection changesPerHour(Map<String, Hour> hours) {
    List<String> shown = latest(hours, HOURS);
    Map<String, Long> totals = new TreeMap<>();
    BigDecimal inserted = BigDecimal.ZERO.setScale(2);
    for (Hour h : hours.values()) {
      h.changes.forEach((type, n) -> totals.merge(type, n, Long::sum));
      inserted = inserted.add(h.inserted);
    }
    ReportSection s = new ReportSection(
        "changes", "Changes per hour",
        "Changes in cdc_events (all runs so far) per event hour (UTC) and type, and the value of the orders"
            + " inserted (quantity × price); the latest " + shown.size() + " of " + hours.size() + " hour(s).");
    s.figure("Changes", ReportSection.count(totals.values().stream().mapToLong(Long::longValue).sum()));
    for (String type : TYPES) {
      s.figure(type, ReportSection.count(totals.getOrDefault(type, 0L)));
    }
    s.figure("Value inserted", ReportSection.money(inserted));
    Map<String, List<? extends Number>> series = new LinkedHashMap<>();
    for (String type : TYPES) {
      series.put(type, shown.stream().map(h -> hours.get(h).changes.getOrDefault(type, 0L)).collect(Collectors.toList()));
    }
    s.chart(Charts.bars(shown, series, true), 320);
    s.columns("Hour (UTC)", "INSERT #", "MODIFY #", "REMOVE #", "Units inserted #", "Value inserted #");
    for (int i = shown.size() - 1; i >= 0; i--) {
      Hour h = hours.get(shown.get(i));
      s.row(shown.get(i), h.changes.getOrDefault(CdcEvent.INSERT, 0L), h.changes.getOrDefault(CdcEvent.MODIFY, 0L),
          h.changes.getOrDefault(CdcEvent.REMOVE, 0L), h.units, h.inserted);
    }
    return s;
  }

  /** The latest windows of order_activity as the database holds them. */
  private static ReportSection activity(JdbcTarget database) throws Exception {
    List<Object[]> windows = new ArrayList<>();
    String table = SqlTable.ORDER_ACTIVITY.name();
    try (Connection c = database.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT window_start, window_end, inserts, modifies, removes, units, " + database.dialect().quote("value")
                + " FROM " + table + " ORDER BY window_start DESC")) {
      while (rs.next() && windows.size() < WINDOWS) {
        windows.add(new Object[] {rs.getObject(1, LocalDateTime.class), rs.getObject(2, LocalDateTime.class),
            rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getBigDecimal(7)});
      }
    }
    java.util.Collections.reverse(windows);
    DateTimeFormatter minute = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    List<String> labels = windows.stream().map(w -> minute.format((LocalDateTime) w[0])).collect(Collectors.toList());
    ReportSection s = new ReportSection(
        "activity", "Order activity",
        "The latest " + windows.size() + " event-time windows of order_activity in the database (UTC), as"
            + " upserted when each pane fired: changes by type, units and value inserted.");
    if (windows.isEmpty()) {
      return s;
    }
    Map<String, List<? extends Number>> series = new LinkedHashMap<>();
    for (int t = 0; t < TYPES.size(); t++) {
      int column = 2 + t;
      series.put(TYPES.get(t), windows.stream().map(w -> (Long) w[column]).collect(Collectors.toList()));
    }
    s.chart(Charts.bars(labels, series, true), 300);
    s.columns("Window start", "Window end", "Inserts #", "Modifies #", "Removes #", "Units #", "Value #");
    for (int i = windows.size() - 1; i >= 0; i--) {
      Object[] w = windows.get(i);
      s.row(labels.get(i), minute.format((LocalDateTime) w[1]), w[2], w[3], w[4], w[5], w[6]);
    }
    return s;
  }
}

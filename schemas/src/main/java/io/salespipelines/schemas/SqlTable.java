package io.salespipelines.schemas;

import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * A table the job upserts into a database: its columns in order, its primary key, and how a record
 * becomes a row of values. The DDL and upsert statements per database live with the writer.
 */
public final class SqlTable<T> implements Serializable {
  /** The kinds of column the marts need; each writer dialect maps them to a SQL type. */
  public enum Kind {
    KEY,
    TEXT,
    INT,
    MONEY,
    /** A count or quantity that may pass 2^31. */
    BIGINT,
    /** A DynamoDB SequenceNumber: an integer of up to 40 digits, DECIMAL(40,0). */
    SEQUENCE,
    /** A UTC time without zone, bound as {@link java.time.LocalDateTime}. */
    TIMESTAMP,
    BOOLEAN
  }

  /** One column: its name and kind. */
  public static final class Column implements Serializable {
    public final String name;
    public final Kind kind;

    Column(String name, Kind kind) {
      this.name = name;
      this.kind = kind;
    }
  }

  public static final SqlTable<CustomerMonthlySpend> CUSTOMER_MONTHLY_SPEND =
      new SqlTable<>(
          "customer_monthly_spend",
          List.of(
              new Column("customer_id", Kind.KEY),
              new Column("first_name", Kind.TEXT),
              new Column("last_name", Kind.TEXT),
              new Column("year", Kind.INT),
              new Column("month", Kind.INT),
              new Column("monthly_total", Kind.MONEY)),
          List.of("customer_id", "year", "month"),
          r ->
              new Object[] {
                r.getCustomerId(), r.getFirstName(), r.getLastName(), r.getYear(), r.getMonth(),
                r.getMonthlyTotal()
              });

  public static final SqlTable<SalesTeamIncentive> SALES_TEAM_INCENTIVE =
      new SqlTable<>(
          "sales_team_incentive",
          List.of(
              new Column("store_id", Kind.KEY),
              new Column("sales_person_id", Kind.KEY),
              new Column("first_name", Kind.TEXT),
              new Column("last_name", Kind.TEXT),
              new Column("year", Kind.INT),
              new Column("month", Kind.INT),
              new Column("total_sales", Kind.MONEY),
              new Column("incentive", Kind.MONEY)),
          List.of("store_id", "sales_person_id", "year", "month"),
          r ->
              new Object[] {
                r.getStoreId(), r.getSalesPersonId(), r.getFirstName(), r.getLastName(), r.getYear(),
                r.getMonth(), r.getTotalSales(), r.getIncentive()
              });

  public static final List<SqlTable<?>> ALL = List.of(CUSTOMER_MONTHLY_SPEND, SALES_TEAM_INCENTIVE);

  // ---- orders-cdc (SPEC 3.2) ----

  /**
   * orders_current: the latest state per order. Written with a conditional upsert on
   * {@code sequence_number} (see {@link #versionColumn()}), so an older change never overwrites a newer one.
   */
  public static final SqlTable<CdcEvent> ORDERS_CURRENT =
      new SqlTable<CdcEvent>(
          "orders_current",
          List.of(
              new Column("orderid", Kind.KEY),
              new Column("product_name", Kind.TEXT),
              new Column("quantity", Kind.BIGINT),
              new Column("price", Kind.MONEY),
              new Column("last_event_type", Kind.KEY),
              new Column("sequence_number", Kind.SEQUENCE),
              new Column("updated_at", Kind.TIMESTAMP),
              new Column("deleted", Kind.BOOLEAN)),
          List.of("orderid"),
          e ->
              new Object[] {
                e.getOrderId(), e.getProductName(), e.getQuantity(), e.getPrice(), e.getEventType(),
                new java.math.BigDecimal(e.sequence()),
                java.time.LocalDateTime.ofEpochSecond(e.getCreationTime(), 0, java.time.ZoneOffset.UTC),
                CdcEvent.REMOVE.equals(e.getEventType())
              })
          .withVersionColumn("sequence_number")
          .withNullable("product_name", "quantity", "price");

  /** order_activity: one row per event-time window, recomputed from order_activity_events. */
  public static final SqlTable<OrderActivity> ORDER_ACTIVITY =
      new SqlTable<OrderActivity>(
          "order_activity",
          List.of(
              new Column("window_start", Kind.TIMESTAMP),
              new Column("window_end", Kind.TIMESTAMP),
              new Column("inserts", Kind.BIGINT),
              new Column("modifies", Kind.BIGINT),
              new Column("removes", Kind.BIGINT),
              new Column("units", Kind.BIGINT),
              new Column("value", Kind.MONEY)),
          List.of("window_start", "window_end"),
          a ->
              new Object[] {
                utc(a.getWindowStart()), utc(a.getWindowEnd()), a.getInserts(), a.getModifies(),
                a.getRemoves(), a.getUnits(), a.getValue()
              });

  /** order_activity_events: each change's contribution to its window, inserted once per event_id. */
  public static final SqlTable<ActivityContribution> ORDER_ACTIVITY_EVENTS =
      new SqlTable<ActivityContribution>(
          "order_activity_events",
          List.of(
              new Column("event_id", Kind.KEY),
              new Column("window_start", Kind.TIMESTAMP),
              new Column("window_end", Kind.TIMESTAMP),
              new Column("event_type", Kind.KEY),
              new Column("units", Kind.BIGINT),
              new Column("value", Kind.MONEY)),
          List.of("event_id"),
          c ->
              new Object[] {
                c.getEventId(), utc(c.getWindowStart()), utc(c.getWindowEnd()), c.getEventType(),
                c.getUnits(), c.getValue()
              });

  public static final List<SqlTable<?>> CDC = List.of(ORDERS_CURRENT, ORDER_ACTIVITY, ORDER_ACTIVITY_EVENTS);

  /** A Joda instant as the UTC wall-clock time the TIMESTAMP columns hold. */
  public static java.time.LocalDateTime utc(org.joda.time.Instant instant) {
    return java.time.LocalDateTime.ofEpochSecond(
        Math.floorDiv(instant.getMillis(), 1000L), (int) Math.floorMod(instant.getMillis(), 1000L) * 1_000_000,
        java.time.ZoneOffset.UTC);
  }

  private final String name;
  private final List<Column> columns;
  private final List<String> primaryKey;
  private final SerializableFunction<T, Object[]> values;
  private @org.checkerframework.checker.nullness.qual.Nullable String versionColumn;
  private java.util.Set<String> nullable = java.util.Set.of();

  private SqlTable(
      String name, List<Column> columns, List<String> primaryKey, SerializableFunction<T, Object[]> values) {
    this.name = name;
    this.columns = columns;
    this.primaryKey = primaryKey;
    this.values = values;
  }

  public String name() {
    return name;
  }

  public List<Column> columns() {
    return columns;
  }

  public List<String> primaryKey() {
    return primaryKey;
  }

  private SqlTable<T> withVersionColumn(String column) {
    this.versionColumn = column;
    return this;
  }

  private SqlTable<T> withNullable(String... columns) {
    this.nullable = java.util.Set.of(columns);
    return this;
  }

  /**
   * The column whose higher value wins a conditional upsert (null: plain upsert, the last write wins).
   */
  public @org.checkerframework.checker.nullness.qual.Nullable String versionColumn() {
    return versionColumn;
  }

  /** Whether a column may hold NULL: TEXT columns always, others when the table says so. */
  public boolean isNullable(Column column) {
    return column.kind == Kind.TEXT || nullable.contains(column.name);
  }

  /** The record's values in column order. */
  public Object[] values(T record) {
    return values.apply(record);
  }
}

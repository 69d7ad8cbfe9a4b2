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
    MONEY
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

  private final String name;
  private final List<Column> columns;
  private final List<String> primaryKey;
  private final SerializableFunction<T, Object[]> values;

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

  /** The record's values in column order. */
  public Object[] values(T record) {
    return values.apply(record);
  }
}

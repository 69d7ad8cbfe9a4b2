package io.salespipelines.schemas;

import java.util.List;

/**
 * The Parquet tables of {@code orders-analytics} (SPEC 2.2); dead_letter is JSON lines and not
 * here. The fact tables are partitioned by the order's UTC month as strings, {@code
 * order_year=YYYY/order_month=MM}; the partition columns are not stored inside the files.
 */
public final class OrdersTables {
  private OrdersTables() {}

  public static final List<String> MONTH_PARTITION = List.of("order_year", "order_month");

  public static final OutputTable<FactOrder> FACT_ORDERS =
      new OutputTable<>(
          "fact_orders", FactOrder.class, MONTH_PARTITION, o -> FactOrder.partitionOf(o.month()));

  public static final OutputTable<FactOrderItem> FACT_ORDER_ITEMS =
      new OutputTable<>(
          "fact_order_items",
          FactOrderItem.class,
          MONTH_PARTITION,
          item -> FactOrder.partitionOf(item.getOrderMonth()));

  public static final OutputTable<MonthlyRevenue> MONTHLY_REVENUE =
      new OutputTable<>("monthly_revenue", MonthlyRevenue.class);

  public static final OutputTable<RevenueMom> REVENUE_MOM =
      new OutputTable<>("revenue_mom", RevenueMom.class);

  public static final OutputTable<CategorySalesMonthly> CATEGORY_SALES_MONTHLY =
      new OutputTable<>("category_sales_monthly", CategorySalesMonthly.class);

  public static final OutputTable<MonthlyActiveCustomers> MONTHLY_ACTIVE_CUSTOMERS =
      new OutputTable<>("monthly_active_customers", MonthlyActiveCustomers.class);

  public static final OutputTable<CohortRetention> COHORT_RETENTION =
      new OutputTable<>("cohort_retention", CohortRetention.class);

  public static final OutputTable<MonthlyChurn> MONTHLY_CHURN =
      new OutputTable<>("monthly_churn", MonthlyChurn.class);

  public static final String DEAD_LETTER = Tables.DEAD_LETTER;

  /** The metric tables: recomputed over every order accepted so far and replaced whole by each run. */
  public static final List<String> METRIC_TABLE_NAMES =
      List.of(
          MONTHLY_REVENUE.name(),
          REVENUE_MOM.name(),
          CATEGORY_SALES_MONTHLY.name(),
          MONTHLY_ACTIVE_CUSTOMERS.name(),
          COHORT_RETENTION.name(),
          MONTHLY_CHURN.name());

  /** Every table folder a run writes, Parquet ones first. */
  public static final List<String> ALL_TABLE_NAMES =
      List.of(
          FACT_ORDERS.name(),
          FACT_ORDER_ITEMS.name(),
          MONTHLY_REVENUE.name(),
          REVENUE_MOM.name(),
          CATEGORY_SALES_MONTHLY.name(),
          MONTHLY_ACTIVE_CUSTOMERS.name(),
          COHORT_RETENTION.name(),
          MONTHLY_CHURN.name(),
          DEAD_LETTER);
}

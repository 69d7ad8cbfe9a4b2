package io.salespipelines.schemas;

import java.util.List;

/** The Parquet tables of {@code sales-marts} (SPEC 1.3); dead_letter is JSON lines and not here. */
public final class Tables {
  private Tables() {}

  public static final OutputTable<StoreProductSales> STORE_PRODUCT_SALES =
      new OutputTable<>("store_product_sales", StoreProductSales.class);

  public static final OutputTable<CustomerMartRow> CUSTOMER_MART =
      new OutputTable<>("customer_mart", CustomerMartRow.class);

  public static final OutputTable<SalesTeamMartRow> SALES_TEAM_MART =
      new OutputTable<>(
          "sales_team_mart",
          SalesTeamMartRow.class,
          List.of("sales_month", "store_id"),
          row ->
              "sales_month="
                  + row.salesMonth()
                  + "/store_id="
                  + HivePartitions.escape(row.getStoreId()));

  public static final OutputTable<CustomerMonthlySpend> CUSTOMER_MONTHLY_SPEND =
      new OutputTable<>("customer_monthly_spend", CustomerMonthlySpend.class);

  public static final OutputTable<SalesTeamIncentive> SALES_TEAM_INCENTIVE =
      new OutputTable<>("sales_team_incentive", SalesTeamIncentive.class);

  /**
   * Run state, not a mart: every sale accepted so far (under {@code _state/}), so a later run can
   * recompute the aggregates over all of them and reject ids that were accepted before.
   */
  public static final OutputTable<EnrichedSale> ACCEPTED_SALES =
      new OutputTable<>("accepted_sales", EnrichedSale.class);

  public static final String DEAD_LETTER = "dead_letter";

  /** Every table folder a run writes, Parquet ones first. */
  public static final List<String> ALL_TABLE_NAMES =
      List.of(
          STORE_PRODUCT_SALES.name(),
          CUSTOMER_MART.name(),
          SALES_TEAM_MART.name(),
          CUSTOMER_MONTHLY_SPEND.name(),
          SALES_TEAM_INCENTIVE.name(),
          DEAD_LETTER);
}

package io.salespipelines.pipelines.salesmarts;

import io.salespipelines.pipelines.publish.CatalogTable;
import io.salespipelines.pipelines.publish.CatalogView;
import io.salespipelines.pipelines.publish.PartitionProjection;
import io.salespipelines.pipelines.publish.Publishable;
import io.salespipelines.pipelines.publish.ReportData;
import io.salespipelines.pipelines.publish.ReportSection;
import io.salespipelines.schemas.Tables;
import java.util.List;

/**
 * The query layer of {@code sales-marts}: its tables (SPEC 1.3) and views for the catalog, and its
 * sections of the run report ({@link SalesMartsReport}).
 */
final class SalesMartsPublishable implements Publishable {
  @Override
  public List<CatalogTable> catalogTables() {
    return List.of(
        CatalogTable.parquet(
            Tables.STORE_PRODUCT_SALES, "sales total and transactions per store and product, all runs"),
        CatalogTable.parquet(
            Tables.CUSTOMER_MART, "one row per accepted sale, with the customer"),
        CatalogTable.parquet(
            Tables.SALES_TEAM_MART, "one row per accepted sale, with the sales person",
            PartitionProjection.months("yyyy-MM"), PartitionProjection.enumerated()),
        CatalogTable.parquet(
            Tables.CUSTOMER_MONTHLY_SPEND, "spend per customer and calendar month, all runs"),
        CatalogTable.parquet(
            Tables.SALES_TEAM_INCENTIVE,
            "sales per store, sales person and month, and the incentive of the top performer"),
        CatalogTable.deadLetters());
  }

  @Override
  public List<CatalogView> catalogViews(String db) {
    return List.of(
        CatalogView.of(
            "product_sales", "sales per product over all stores",
            "SELECT product_id, SUM(total_sales) AS total_sales,"
                + " SUM(transaction_count) AS transaction_count, COUNT(*) AS stores\n"
                + "FROM " + db + ".store_product_sales\n"
                + "GROUP BY product_id"),
        CatalogView.of(
            "monthly_store_sales", "sales per store and calendar month",
            "SELECT store_id, year, month, SUM(total_sales) AS total_sales,"
                + " COUNT(*) AS sales_people, SUM(incentive) AS incentives\n"
                + "FROM " + db + ".sales_team_incentive\n"
                + "GROUP BY store_id, year, month"),
        CatalogView.of(
            "incentive_winners", "the top performers of each store and month (ties all win)",
            "SELECT store_id, year, month, sales_person_id, first_name, last_name, total_sales, incentive\n"
                + "FROM (\n"
                + "  SELECT i.*, RANK() OVER (PARTITION BY store_id, year, month ORDER BY total_sales DESC)"
                + " AS sales_rank\n"
                + "  FROM " + db + ".sales_team_incentive i\n"
                + ") ranked\n"
                + "WHERE sales_rank = 1"),
        CatalogView.deadLettersByRun(db));
  }

  @Override
  public List<ReportSection> reportSections(ReportData data) throws Exception {
    return SalesMartsReport.sections(data);
  }
}

package io.salespipelines.transforms.marts;

import io.salespipelines.schemas.CustomerMonthlySpend;
import io.salespipelines.schemas.SalesTeamIncentive;
import io.salespipelines.schemas.StoreProductSales;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;

/**
 * The aggregate tables as earlier runs over the same output left them. They are the state a run
 * merges its own partial sums into: sums and counts are associative, so the marts over all sales
 * accepted so far are the earlier marts plus this run's sales, and a run reads the tables (one row
 * per group) instead of every sale ever accepted.
 */
public final class EarlierMarts {
  public final PCollection<StoreProductSales> storeProductSales;
  public final PCollection<CustomerMonthlySpend> customerMonthlySpend;
  /** Per store, sales person and month: the totals the incentive ranking is made from. */
  public final PCollection<SalesTeamIncentive> salesTeamIncentive;

  public EarlierMarts(
      PCollection<StoreProductSales> storeProductSales,
      PCollection<CustomerMonthlySpend> customerMonthlySpend,
      PCollection<SalesTeamIncentive> salesTeamIncentive) {
    this.storeProductSales = storeProductSales;
    this.customerMonthlySpend = customerMonthlySpend;
    this.salesTeamIncentive = salesTeamIncentive;
  }

  /** No earlier run: the marts are this run's alone. */
  public static EarlierMarts none(Pipeline p) {
    try {
      return new EarlierMarts(
          p.apply("NoEarlierStoreProductSales",
              Create.empty(p.getSchemaRegistry().getSchemaCoder(StoreProductSales.class))),
          p.apply("NoEarlierCustomerMonthlySpend",
              Create.empty(p.getSchemaRegistry().getSchemaCoder(CustomerMonthlySpend.class))),
          p.apply("NoEarlierSalesTeamIncentive",
              Create.empty(p.getSchemaRegistry().getSchemaCoder(SalesTeamIncentive.class))));
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(e);
    }
  }
}

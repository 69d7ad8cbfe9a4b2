package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.CategorySalesMonthly;
import io.salespipelines.schemas.CohortRetention;
import io.salespipelines.schemas.FactOrder;
import io.salespipelines.schemas.FactOrderItem;
import io.salespipelines.schemas.MonthlyActiveCustomers;
import io.salespipelines.schemas.MonthlyChurn;
import io.salespipelines.schemas.MonthlyRevenue;
import io.salespipelines.schemas.RevenueMom;
import java.util.List;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The six metric tables of SPEC 2.2 over every order accepted so far ({@link #ORDERS}) and their
 * item lines: {@link #ITEMS} (each knowing its order's month and status), on top of the
 * category_sales_monthly table earlier runs left, {@link #EARLIER_CATEGORY_SALES}, when the input
 * has it (then {@link #ITEMS} are this run's only). Each metric counts paid orders only; see the
 * transform of each for its definition.
 */
public class ComputeOrderMetrics extends PTransform<PCollectionTuple, PCollectionTuple> {
  public static final TupleTag<FactOrder> ORDERS = new TupleTag<FactOrder>() {};
  public static final TupleTag<FactOrderItem> ITEMS = new TupleTag<FactOrderItem>() {};
  public static final TupleTag<CategorySalesMonthly> EARLIER_CATEGORY_SALES =
      new TupleTag<CategorySalesMonthly>() {};

  public static final TupleTag<MonthlyRevenue> MONTHLY_REVENUE = new TupleTag<MonthlyRevenue>() {};
  public static final TupleTag<RevenueMom> REVENUE_MOM = new TupleTag<RevenueMom>() {};
  public static final TupleTag<CategorySalesMonthly> CATEGORY_SALES_MONTHLY =
      new TupleTag<CategorySalesMonthly>() {};
  public static final TupleTag<MonthlyActiveCustomers> MONTHLY_ACTIVE_CUSTOMERS =
      new TupleTag<MonthlyActiveCustomers>() {};
  public static final TupleTag<CohortRetention> COHORT_RETENTION = new TupleTag<CohortRetention>() {};
  public static final TupleTag<MonthlyChurn> MONTHLY_CHURN = new TupleTag<MonthlyChurn>() {};

  private final int buckets;

  /** @param buckets shuffle buckets of the steps grouped by customer */
  public ComputeOrderMetrics(int buckets) {
    this.buckets = buckets;
  }

  @Override
  public PCollectionTuple expand(PCollectionTuple ordersAndItems) {
    PCollection<FactOrder> orders = ordersAndItems.get(ORDERS);
    PCollection<MonthlyRevenue> monthlyRevenue = orders.apply("SumMonthlyRevenue", new SumMonthlyRevenue());
    PCollection<KV<String, List<String>>> activeMonths =
        orders.apply("ActiveMonthsPerCustomer", new ActiveMonthsPerCustomer(buckets));
    return PCollectionTuple.of(MONTHLY_REVENUE, monthlyRevenue)
        .and(REVENUE_MOM, monthlyRevenue.apply("CompareRevenueMonthOverMonth", new CompareRevenueMonthOverMonth()))
        .and(CATEGORY_SALES_MONTHLY,
            ordersAndItems.get(ITEMS).apply("SumCategorySalesMonthly", new SumCategorySalesMonthly(
                ordersAndItems.has(EARLIER_CATEGORY_SALES) ? ordersAndItems.get(EARLIER_CATEGORY_SALES) : null)))
        .and(MONTHLY_ACTIVE_CUSTOMERS,
            orders.apply("CountMonthlyActiveCustomers", new CountMonthlyActiveCustomers(buckets)))
        .and(COHORT_RETENTION, activeMonths.apply("MeasureCohortRetention", new MeasureCohortRetention()))
        .and(MONTHLY_CHURN, activeMonths.apply("MeasureMonthlyChurn", new MeasureMonthlyChurn()));
  }
}

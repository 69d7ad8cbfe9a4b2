package io.salespipelines.transforms.marts;

import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.schemas.StoreProductSales;
import io.salespipelines.schemas.SalesTeamIncentive;
import io.salespipelines.transforms.testing.Sales;
import java.math.BigDecimal;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The aggregate marts: store/product totals, customer monthly spend, sales team totals. */
@RunWith(JUnit4.class)
public class MartsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private PCollection<EnrichedSale> sales() {
    return p.apply(
        Create.of(
            Sales.sale("T1", "S1", "C1", "SP1", "2025-06-10", "0.10", "/a", 1),
            Sales.sale("T2", "S1", "C1", "SP1", "2025-06-30", "0.20", "/a", 2),
            Sales.sale("T3", "S1", "C1", "SP2", "2025-07-01", "1999999999.99", "/a", 3),
            Sales.sale("T4", "S2", "C2", "SP1", "2025-06-10", "5.55", "/a", 4)));
  }

  @Test
  public void sumsPerStoreAndProductExactly() {
    PAssert.that(
            sales()
                .apply(new SumStoreProductSales(4))
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> r.getStoreId() + "|" + r.getStoreName() + "|" + r.getProductId() + "|" + r.getTotalSales() + "|" + r.getTransactionCount())))
        .containsInAnyOrder("S1|Store S1|P1|2000000000.29|3", "S2|Store S2|P1|5.55|1");
    p.run();
  }

  @Test
  public void sumsPerCustomerAndCalendarMonth() {
    PAssert.that(
            sales()
                .apply(new SumCustomerMonthlySpend(4))
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> r.getCustomerId() + "|" + r.getFirstName() + "|" + r.getYear() + "|" + r.getMonth() + "|" + r.getMonthlyTotal())))
        .containsInAnyOrder("C1|FC1|2025|6|0.30", "C1|FC1|2025|7|1999999999.99", "C2|FC2|2025|6|5.55");
    p.run();
  }

  @Test
  public void sumsEveryAmountSoFarExactlyAndZeroWhenThereIsNone() throws Exception {
    // Earlier runs' store_product_sales plus this run's sales.
    PCollection<StoreProductSales> earlier = sales().apply("EarlierTotals", new SumStoreProductSales(4));
    PCollection<EnrichedSale> run =
        p.apply("RunSales", Create.of(Sales.sale("T5", "S2", "C2", "SP1", "2025-08-01", "0.01", "/b", 1)));
    PAssert.thatSingleton(run.apply("SumSoFar", new SumAllAmounts(earlier)))
        .isEqualTo(new BigDecimal("2000000005.85"));
    PCollection<EnrichedSale> noSales =
        p.apply("NoSales", Create.empty(p.getSchemaRegistry().getSchemaCoder(EnrichedSale.class)));
    PCollection<StoreProductSales> noTotals =
        p.apply("NoTotals", Create.empty(p.getSchemaRegistry().getSchemaCoder(StoreProductSales.class)));
    PAssert.thatSingleton(noSales.apply("SumOfNothing", new SumAllAmounts(noTotals))).isEqualTo(BigDecimal.ZERO);
    p.run();
  }

  @Test
  public void topSalespersonPerStoreMonthGetsTheIncentiveAndTiesShareIt() {
    PCollection<SalesTeamIncentive> totals =
        p.apply(
            Create.of(
                total("S1", "A", 2025, 6, "100.50"),
                total("S1", "B", 2025, 6, "100.50"),
                total("S1", "C", 2025, 6, "99.99"),
                total("S1", "A", 2025, 7, "0.50"),
                total("S2", "A", 2025, 6, "12.34")));
    PAssert.that(
            totals
                .apply(new RankTopSalesperson(new BigDecimal("0.01"), 3))
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> r.getStoreId() + "|" + r.getSalesPersonId() + "|" + r.getMonth() + "|" + r.getTotalSales() + "|" + r.getIncentive())))
        .containsInAnyOrder(
            "S1|A|6|100.50|1.01", // 1.005 rounds half up
            "S1|B|6|100.50|1.01",
            "S1|C|6|99.99|0.00",
            "S1|A|7|0.50|0.01",
            "S2|A|6|12.34|0.12");
    p.run();
  }

  @Test
  public void salesTeamTotalsFeedTheRanking() {
    PAssert.that(
            sales()
                .apply(new SumSalesTeamMonthly(4))
                .apply(new RankTopSalesperson(new BigDecimal("0.05"), 3))
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> r.getStoreId() + "|" + r.getSalesPersonId() + "|" + r.getFirstName() + "|" + r.getYear() + "-" + r.getMonth() + "|" + r.getTotalSales() + "|" + r.getIncentive())))
        .containsInAnyOrder(
            "S1|SP1|FSP1|2025-6|0.30|0.02",
            "S1|SP2|FSP2|2025-7|1999999999.99|100000000.00",
            "S2|SP1|FSP1|2025-6|5.55|0.28");
    p.run();
  }

  private static SalesTeamIncentive total(String store, String person, int year, int month, String amount) {
    return SalesTeamIncentive.create(
        store, person, "F", "L", year, month, new BigDecimal(amount), BigDecimal.ZERO.setScale(2));
  }
}

package io.salespipelines.transforms.marts;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.transforms.testing.Sales;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class RejectOverflowingSalesTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private WithFailures.Result<PCollection<EnrichedSale>, DeadLetter> check(
      List<EnrichedSale> earlier, List<EnrichedSale> run, String rate) throws Exception {
    PCollection<EnrichedSale> acceptedEarlier =
        p.apply("Earlier", earlier.isEmpty() ? Create.empty(p.getSchemaRegistry().getSchemaCoder(EnrichedSale.class)) : Create.of(earlier));
    // What earlier runs left is their marts, made here from their sales.
    EarlierMarts marts =
        new EarlierMarts(
            acceptedEarlier.apply("EarlierStoreProduct", new SumStoreProductSales(4)),
            acceptedEarlier.apply("EarlierCustomerMonth", new SumCustomerMonthlySpend(4)),
            acceptedEarlier.apply("EarlierSalesTeam", new SumSalesTeamMonthly(4)));
    return p.apply("ThisRun", Create.of(run))
        .apply(new RejectOverflowingSales(marts, new BigDecimal(rate), 4));
  }

  private static PCollection<String> ids(PCollection<EnrichedSale> sales) {
    return sales.apply("Ids", MapElements.into(TypeDescriptors.strings()).via(EnrichedSale::getTransactionId));
  }

  private static PCollection<String> describe(PCollection<DeadLetter> failures) {
    return failures.apply(
        "Describe",
        MapElements.into(TypeDescriptors.strings())
            .via(d -> d.getSource() + ":" + d.getLine() + "|" + d.getErrorType() + "|" + d.getErrorField() + "|"
                + d.getMessage() + "|" + d.getRaw()));
  }

  @Test
  public void theRowThatPushesAMonthlyTotalPastDecimal18_2IsRejectedAndOthersStay() throws Exception {
    WithFailures.Result<PCollection<EnrichedSale>, DeadLetter> r =
        check(
            List.of(Sales.sale("E1", "S1", "C1", "SP1", "2025-06-10", "5000000000000000.00", "/old", 1)),
            List.of(
                Sales.sale("R1", "S1", "C1", "SP1", "2025-06-11", "4000000000000000.00", "/a", 1),
                Sales.sale("R2", "S2", "C1", "SP2", "2025-06-12", "2000000000000000.00", "/a", 2),
                // After R2 is rejected, this one takes the month exactly to the limit.
                Sales.sale("R3", "S3", "C1", "SP3", "2025-06-13", "999999999999999.99", "/b", 1),
                Sales.sale("R4", "S1", "C2", "SP1", "2025-06-14", "1.00", "/b", 2),
                Sales.sale("R5", "S1", "C1", "SP1", "2025-07-01", "0.01", "/b", 3)),
            "0.01");
    PAssert.that(ids(r.output())).containsInAnyOrder("R1", "R3", "R4", "R5");
    PAssert.that(describe(r.failures()))
        .containsInAnyOrder(
            "/a:2|invalid_value|total_cost|total_cost 2000000000000000.00 would take the customer_monthly_spend"
                + " total of customer_id 'C1' in 2025-06 from 9000000000000000.00 to 11000000000000000.00,"
                + " past 9999999999999999.99 (DECIMAL(18,2))|raw R2");
    p.run();
  }

  @Test
  public void storeProductTotalsAcrossMonthsAndIncentivesCountToo() throws Exception {
    WithFailures.Result<PCollection<EnrichedSale>, DeadLetter> r =
        check(
            List.of(),
            List.of(
                // store S9, product P1, over three months and three people: 10.5e15 in all
                Sales.sale("A1", "S9", "C1", "SP1", "2025-06-01", "2000000000000000.00", "/a", 1),
                Sales.sale("A2", "S9", "C2", "SP2", "2025-07-01", "4000000000000000.00", "/a", 2),
                Sales.sale("A3", "S9", "C3", "SP3", "2025-08-01", "4500000000000000.00", "/a", 3),
                // With a rate of 2 the incentive of 6e15 would be 12e15.
                Sales.sale("B1", "S8", "C4", "SP4", "2025-06-01", "6000000000000000.00", "/b", 1)),
            "2");
    PAssert.that(ids(r.output())).containsInAnyOrder("A1", "A2");
    PAssert.that(describe(r.failures()))
        .containsInAnyOrder(
            "/a:3|invalid_value|total_cost|total_cost 4500000000000000.00 would take the store_product_sales"
                + " total of store_id 'S9' and product_id 'P1' from 6000000000000000.00 to 10500000000000000.00,"
                + " past 9999999999999999.99 (DECIMAL(18,2))|raw A3",
            "/b:1|invalid_value|total_cost|total_cost 6000000000000000.00 would take the sales_team_incentive"
                + " total of sales_person_id 'SP4' in store_id 'S8' in 2025-06 from 0.00 to 6000000000000000.00,"
                + " past 4999999999999999.99 (DECIMAL(18,2))|raw B1");
    p.run();
  }

  @Test
  public void ordinaryTotalsPassUntouched() throws Exception {
    WithFailures.Result<PCollection<EnrichedSale>, DeadLetter> r =
        check(
            List.of(Sales.sale("E1", "S1", "C1", "SP1", "2025-06-10", "9999999999999998.00", "/old", 1)),
            List.of(
                Sales.sale("R1", "S1", "C1", "SP1", "2025-06-11", "1.99", "/a", 1),
                Sales.sale("R2", "S2", "C2", "SP2", "2025-06-11", "12.34", "/a", 2)),
            "0.01");
    PAssert.that(ids(r.output())).containsInAnyOrder("R1", "R2");
    PAssert.that(r.failures()).empty();
    p.run();
  }
}

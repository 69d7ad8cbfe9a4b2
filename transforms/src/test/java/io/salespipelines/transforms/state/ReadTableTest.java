package io.salespipelines.transforms.state;

import io.salespipelines.schemas.SalesTeamIncentive;
import io.salespipelines.schemas.StoreProductSales;
import io.salespipelines.schemas.Tables;
import io.salespipelines.transforms.write.WriteParquetTable;
import java.math.BigDecimal;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class ReadTableTest {
  @Rule public final transient TestPipeline write = TestPipeline.create();
  @Rule public final transient TestPipeline read = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void aggregateRowsRoundTripExactly() {
    String products = tmp.getRoot() + "/store_product_sales";
    String incentives = tmp.getRoot() + "/sales_team_incentive";
    StoreProductSales p1 =
        StoreProductSales.create("S1", "North", null, "P1", new BigDecimal("9999999999999999.99"), 12L);
    StoreProductSales p2 = StoreProductSales.create("S2", "Süd", "Bergen", "P2", new BigDecimal("0.10"), 1L);
    SalesTeamIncentive i1 =
        SalesTeamIncentive.create("S1", "SP1", "Dag", null, 2025, 6, new BigDecimal("110.00"), new BigDecimal("1.10"));
    write.apply("Products", Create.of(p1, p2))
        .apply("WriteProducts", new WriteParquetTable<>(Tables.STORE_PRODUCT_SALES, products, "part-r1", 1));
    write.apply("Incentives", Create.of(i1))
        .apply("WriteIncentives", new WriteParquetTable<>(Tables.SALES_TEAM_INCENTIVE, incentives, "part-r1", 1));
    write.run().waitUntilFinish();

    PAssert.that(read.apply("ReadProducts", new ReadTable<>(Tables.STORE_PRODUCT_SALES, products + "/*.parquet")))
        .containsInAnyOrder(p1, p2);
    PAssert.that(read.apply("ReadIncentives", new ReadTable<>(Tables.SALES_TEAM_INCENTIVE, incentives + "/*.parquet")))
        .containsInAnyOrder(i1);
    read.run();
  }

  @Test
  public void noTableYetIsEmpty() {
    PAssert.that(read.apply(new ReadTable<>(Tables.STORE_PRODUCT_SALES, tmp.getRoot() + "/none/*.parquet"))).empty();
    read.run();
    write.run();
  }
}

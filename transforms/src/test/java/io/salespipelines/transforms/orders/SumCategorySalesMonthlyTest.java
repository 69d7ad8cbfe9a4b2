package io.salespipelines.transforms.orders;

import static io.salespipelines.transforms.testing.Orders.item;

import io.salespipelines.schemas.CategorySalesMonthly;
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

@RunWith(JUnit4.class)
public class SumCategorySalesMonthlyTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void itemsOfPaidOrdersPerOrderMonthAndCategory() {
    PAssert.that(
            p.apply(
                    Create.of(
                        item("O-1", 1, "2025-01", "paid", "books", 2, "10.00"),
                        item("O-1", 2, "2025-01", "paid", "toys", 1, "0.01"),
                        item("O-2", 1, "2025-01", "paid", "books", 1, "5.05"),
                        item("O-3", 1, "2025-01", "pending", "books", 9, "9.00"),
                        // An item whose order is unknown counts as not paid.
                        item("O-4", 1, null, null, "books", 9, "9.00"),
                        item("O-5", 1, "2025-02", "paid", "books", 3, "0.00")))
                .apply(new SumCategorySalesMonthly())
                .apply(MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.getMonth() + "|" + r.getCategory() + "|" + r.getQuantity() + "|" + r.getRevenue())))
        .containsInAnyOrder("2025-01|books|3|25.05", "2025-01|toys|1|0.01", "2025-02|books|3|0.00");
    p.run();
  }

  @Test
  public void addsThisRunsItemsToTheTableEarlierRunsLeft() {
    PCollection<CategorySalesMonthly> earlier =
        p.apply("Earlier", Create.of(
            CategorySalesMonthly.create("2025-01", "books", 4, new BigDecimal("40.10")),
            // A month and category this run has no item for stays as it was.
            CategorySalesMonthly.create("2024-12", "toys", 2, new BigDecimal("0.02"))));
    PAssert.that(
            p.apply("Items", Create.of(
                    item("O-1", 1, "2025-01", "paid", "books", 2, "10.00"),
                    item("O-2", 1, "2025-01", "pending", "books", 9, "9.00"),
                    item("O-3", 1, "2025-02", "paid", "games", 1, "0.01")))
                .apply(new SumCategorySalesMonthly(earlier))
                .apply(MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.getMonth() + "|" + r.getCategory() + "|" + r.getQuantity() + "|" + r.getRevenue())))
        .containsInAnyOrder("2025-01|books|6|60.10", "2024-12|toys|2|0.02", "2025-02|games|1|0.01");
    p.run();
  }
}

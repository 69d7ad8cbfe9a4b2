package io.salespipelines.transforms.orders;

import static io.salespipelines.transforms.testing.Orders.fact;
import static io.salespipelines.transforms.testing.Orders.paid;

import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class SumMonthlyRevenueTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void paidOrdersOnlyPerMonthWithAovRoundedHalfUp() {
    PAssert.that(
            p.apply(
                    Create.of(
                        paid("O-1", "C1", "2025-01", "0.02"),
                        paid("O-2", "C2", "2025-01", "0.03"),
                        fact("O-3", "C3", "DE", "2025-01", "pending", "100.00"),
                        fact("O-4", "C3", "DE", "2025-02", "refunded", "100.00"),
                        paid("O-5", "C1", "2025-03", "1999999999999999.99"),
                        paid("O-6", "C1", "2025-03", "0.01")))
                .apply(new SumMonthlyRevenue())
                .apply(MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.getMonth() + "|" + r.getOrders() + "|" + r.getRevenue() + "|" + r.getAov())))
        // 0.05 / 2 = 0.025: HALF_UP gives 0.03 (HALF_EVEN would give 0.02). No row for February.
        .containsInAnyOrder("2025-01|2|0.05|0.03", "2025-03|2|2000000000000000.00|1000000000000000.00");
    p.run();
  }
}

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
public class MeasureMonthlyChurnTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void churnedAreActiveInAMonthAndNotTheNextAndTheLastMonthIsUnknown() {
    PAssert.that(
            p.apply(
                    Create.of(
                        paid("O-1", "C1", "2025-01", "1.00"),
                        paid("O-2", "C1", "2025-02", "1.00"),
                        paid("O-3", "C2", "2025-01", "1.00"),
                        paid("O-4", "C2", "2025-01", "1.00"),
                        // Unpaid: C2 is not active in February.
                        fact("O-5", "C2", "DE", "2025-02", "pending", "1.00"),
                        paid("O-6", "C5", "2025-01", "1.00"),
                        paid("O-7", "C5", "2025-02", "1.00"),
                        paid("O-8", "C3", "2025-02", "1.00"),
                        paid("O-9", "C3", "2025-04", "1.00"),
                        paid("O-10", "C4", "2025-04", "1.00")))
                .apply(new ActiveMonthsPerCustomer(3))
                .apply(new MeasureMonthlyChurn())
                .apply(MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.getMonth() + "|" + r.getActiveCustomers() + "|" + r.getChurned() + "|" + r.getChurnPct())))
        .containsInAnyOrder(
            "2025-01|3|1|33.33",
            "2025-02|3|3|100.00",
            // No paid order in March: 0 active, nothing to churn, no percentage.
            "2025-03|0|0|null",
            "2025-04|2|null|null");
    p.run();
  }
}

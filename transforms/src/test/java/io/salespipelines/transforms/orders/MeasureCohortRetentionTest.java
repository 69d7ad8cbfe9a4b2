package io.salespipelines.transforms.orders;

import static io.salespipelines.transforms.testing.Orders.fact;
import static io.salespipelines.transforms.testing.Orders.paid;

import io.salespipelines.schemas.FactOrder;
import java.util.ArrayList;
import java.util.List;
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
public class MeasureCohortRetentionTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static int ids;

  private static void active(List<FactOrder> orders, String customer, String... months) {
    for (String month : months) {
      orders.add(paid("O-" + ++ids, customer, month, "1.00"));
    }
  }

  @Test
  public void cohortsByFirstPaidMonthCutAtTheLastMonth() {
    List<FactOrder> orders = new ArrayList<>();
    active(orders, "C1", "2024-10", "2024-11", "2024-11", "2025-03");
    active(orders, "C2", "2024-10", "2024-11");
    active(orders, "C3", "2024-10", "2024-12");
    orders.add(fact("O-90", "C3", "DE", "2025-01", "pending", "1.00"));
    active(orders, "C4", "2024-12", "2025-01");
    // Only an unpaid order before the first paid one: the cohort is the paid one's month.
    orders.add(fact("O-91", "C5", "DE", "2024-10", "failed", "1.00"));
    active(orders, "C5", "2025-03");
    // Back after 8 months: beyond months_since 6, not counted.
    active(orders, "C7", "2024-01", "2024-09");
    PAssert.that(
            p.apply(Create.of(orders))
                .apply(new ActiveMonthsPerCustomer(3))
                .apply(new MeasureCohortRetention())
                .apply(MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.getCohortMonth() + "+" + r.getMonthsSince() + "|" + r.getCohortSize() + "|"
                        + r.getActiveCustomers() + "|" + r.getRetentionPct())))
        .containsInAnyOrder(
            "2024-01+0|1|1|100.00", "2024-01+1|1|0|0.00", "2024-01+2|1|0|0.00", "2024-01+3|1|0|0.00",
            "2024-01+4|1|0|0.00", "2024-01+5|1|0|0.00", "2024-01+6|1|0|0.00",
            "2024-10+0|3|3|100.00", "2024-10+1|3|2|66.67", "2024-10+2|3|1|33.33", "2024-10+3|3|0|0.00",
            "2024-10+4|3|0|0.00", "2024-10+5|3|1|33.33",
            // 2024-10 + 6 is 2025-04, after the last month (2025-03): no row.
            "2024-12+0|1|1|100.00", "2024-12+1|1|1|100.00", "2024-12+2|1|0|0.00", "2024-12+3|1|0|0.00",
            "2025-03+0|1|1|100.00");
    p.run();
  }
}

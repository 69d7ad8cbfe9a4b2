package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.MonthlyRevenue;
import java.math.BigDecimal;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class CompareRevenueMonthOverMonthTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static MonthlyRevenue month(String month, String revenue) {
    return MonthlyRevenue.create(month, 1, new BigDecimal(revenue), new BigDecimal(revenue));
  }

  @Test
  public void everyCalendarMonthFromFirstToLastWithGapsAtZero() {
    PAssert.that(
            p.apply(
                    Create.of(
                        month("2025-03", "8.00"),
                        month("2024-11", "100.00"),
                        month("2025-01", "50.00"),
                        month("2025-04", "8.01"),
                        month("2025-02", "75.00")))
                .apply(new CompareRevenueMonthOverMonth())
                .apply(MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.getMonth() + "|" + r.getRevenue() + "|" + r.getPrevRevenue() + "|"
                        + r.getMomGrowthPct() + "|" + r.getRunningRevenue())))
        .containsInAnyOrder(
            "2024-11|100.00|null|null|100.00",
            // A month without paid orders: revenue 0.00, and the next month's growth is null.
            "2024-12|0.00|100.00|-100.00|100.00",
            "2025-01|50.00|0.00|null|150.00",
            "2025-02|75.00|50.00|50.00|225.00",
            "2025-03|8.00|75.00|-89.33|233.00",
            // 0.01 / 8.00 × 100 = 0.125: HALF_UP.
            "2025-04|8.01|8.00|0.13|241.01");
    p.run();
  }

  /** Up from one cent to near the limit: a growth DECIMAL(18,2) cannot hold is null, not a failed run. */
  @Test
  public void aGrowthTooLargeForItsColumnIsNull() {
    PAssert.that(
            p.apply(Create.of(month("2025-01", "0.01"), month("2025-02", "9000000000000000.00")))
                .apply(new CompareRevenueMonthOverMonth())
                .apply(MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.getMonth() + "|" + r.getMomGrowthPct())))
        .containsInAnyOrder("2025-01|null", "2025-02|null");
    p.run();
  }

  @Test
  public void noPaidMonthNoRows() {
    PAssert.that(p.apply(Create.empty(TypeDescriptor.of(MonthlyRevenue.class))).apply(new CompareRevenueMonthOverMonth())).empty();
    p.run();
  }
}

package io.salespipelines.transforms.orders;

import static io.salespipelines.transforms.testing.Orders.fact;

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
public class CountMonthlyActiveCustomersTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void distinctPayingCustomersPerCountryAndOnceInAll() {
    PAssert.that(
            p.apply(
                    Create.of(
                        // C1 pays twice from DE and once from FR: once in each, once in ALL.
                        fact("O-1", "C1", "DE", "2025-01", "paid", "1.00"),
                        fact("O-2", "C1", "DE", "2025-01", "paid", "1.00"),
                        fact("O-3", "C1", "FR", "2025-01", "paid", "1.00"),
                        fact("O-4", "C2", "DE", "2025-01", "paid", "1.00"),
                        fact("O-5", "C3", "FR", "2025-01", "pending", "1.00"),
                        fact("O-6", "C2", "UNKNOWN", "2025-02", "paid", "1.00"),
                        fact("O-7", "C3", "FR", "2025-03", "failed", "1.00")))
                .apply(new CountMonthlyActiveCustomers(3))
                .apply(MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.getMonth() + "|" + r.getCountry() + "|" + r.getActiveCustomers())))
        .containsInAnyOrder(
            "2025-01|DE|2", "2025-01|FR|1", "2025-01|ALL|2", "2025-02|UNKNOWN|1", "2025-02|ALL|1");
    p.run();
  }
}

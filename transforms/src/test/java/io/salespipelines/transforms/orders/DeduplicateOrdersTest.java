package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.Order;
import io.salespipelines.transforms.testing.Orders;
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
public class DeduplicateOrdersTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void keepsTheFirstByFileLineAndPositionAndRejectsIdsOfEarlierRuns() {
    WithFailures.Result<PCollection<Order>, DeadLetter> r =
        p.apply(
                "ThisRun",
                Create.of(
                    Orders.order("O-1", "/in/orders_2025_02.json", 1, 0),
                    Orders.order("O-1", "/in/orders_2025_01.json", 9, 4),
                    // A one-line array: same line, the earlier position wins.
                    Orders.order("O-2", "/in/orders_2025_01.json", 3, 2),
                    Orders.order("O-2", "/in/orders_2025_01.json", 3, 1),
                    Orders.order("O-3", "/in/orders_2025_01.json", 5, 3),
                    Orders.order("O-9", "/in/orders_2025_01.json", 6, 5)))
            .apply(new DeduplicateOrders(3, p.apply("EarlierRuns", Create.of("O-3", "O-7"))));
    PAssert.that(
            r.output()
                .apply("Kept", MapElements.into(TypeDescriptors.strings())
                    .via(o -> o.getOrderId() + "@" + o.getSource() + ":" + o.getLine() + "#" + o.getOrdinal())))
        .containsInAnyOrder(
            "O-1@/in/orders_2025_01.json:9#4", "O-2@/in/orders_2025_01.json:3#1", "O-9@/in/orders_2025_01.json:6#5");
    PAssert.that(
            r.failures()
                .apply("Duplicates", MapElements.into(TypeDescriptors.strings())
                    .via(d -> d.getLine() + "|" + d.getErrorType() + "|" + d.getErrorField() + "|" + d.getMessage() + "|" + d.getRaw())))
        .containsInAnyOrder(
            "1|duplicate|order_id|order_id 'O-1' was already accepted from /in/orders_2025_01.json line 9|raw O-1@1",
            "3|duplicate|order_id|order_id 'O-2' was already accepted from /in/orders_2025_01.json line 3|raw O-2@3",
            "5|duplicate|order_id|order_id 'O-3' was already accepted from an earlier run|raw O-3@5");
    p.run();
  }
}

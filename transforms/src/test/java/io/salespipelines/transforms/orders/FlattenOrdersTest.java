package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.Order;
import io.salespipelines.schemas.OrderItem;
import io.salespipelines.transforms.testing.Orders;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class FlattenOrdersTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void oneFactPerOrderAndOnePerItemLine() {
    Order order =
        Order.builder()
            .setOrderId("O-1")
            .setOrderTs(Orders.micros("2025-01-31T23:59:59.999999Z"))
            .setCustomerId("C-9")
            .setCountry("DE")
            .setSignupDate("2024-12-30")
            .setPaymentMethod(null)
            .setPaymentStatus("pending")
            .setPaymentAmount(new BigDecimal("1.00"))
            .setItems(
                List.of(
                    OrderItem.create("P-1", "books", 3, new BigDecimal("19.99")),
                    OrderItem.create("P-2", "uncategorized", 2, new BigDecimal("0.05")),
                    OrderItem.create("P-1", "books", 1, new BigDecimal("0.00"))))
            .setAdditionalFields("{\"channel\":\"web\"}")
            .setSource("/in/a.json")
            .setLine(1)
            .setOrdinal(0)
            .setRaw("raw")
            .build();
    PCollectionTuple facts = p.apply(Create.of(order)).apply(new FlattenOrders());
    PAssert.that(
            facts.get(FlattenOrders.FACT_ORDERS)
                .apply("Orders", MapElements.into(TypeDescriptors.strings())
                    .via(o -> o.getOrderId() + "|" + o.getItemCount() + "|" + o.getQuantity() + "|"
                        + o.getOrderTotal() + "|" + o.getPaymentAmount() + "|" + o.month() + "|"
                        + o.getAdditionalFields())))
        .containsInAnyOrder("O-1|3|6|60.07|1.00|2025-01|{\"channel\":\"web\"}");
    PAssert.that(
            facts.get(FlattenOrders.FACT_ORDER_ITEMS)
                .apply("Items", MapElements.into(TypeDescriptors.strings())
                    .via(i -> i.getOrderId() + "|" + i.getLineNo() + "|" + i.getCustomerId() + "|" + i.getProductId()
                        + "|" + i.getCategory() + "|" + i.getQuantity() + "|" + i.getUnitPrice() + "|"
                        + i.getLineTotal() + "|" + i.getOrderMonth() + "|" + i.getPaymentStatus())))
        .containsInAnyOrder(
            "O-1|1|C-9|P-1|books|3|19.99|59.97|2025-01|pending",
            "O-1|2|C-9|P-2|uncategorized|2|0.05|0.10|2025-01|pending",
            "O-1|3|C-9|P-1|books|1|0.00|0.00|2025-01|pending");
    p.run();
  }
}

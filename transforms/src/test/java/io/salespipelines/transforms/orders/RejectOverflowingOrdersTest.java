package io.salespipelines.transforms.orders;

import static io.salespipelines.transforms.testing.Orders.order;
import static io.salespipelines.transforms.testing.Orders.paid;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.FactOrder;
import io.salespipelines.schemas.Order;
import io.salespipelines.schemas.OrderItem;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class RejectOverflowingOrdersTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** An order of one item line: quantity 1 at {@code total}. */
  private static Order costing(String id, String source, long ordinal, String status, String total) {
    Order o = order(id, source, ordinal + 1, ordinal);
    return Order.builder()
        .setOrderId(o.getOrderId()).setOrderTs(o.getOrderTs()).setCustomerId(o.getCustomerId()).setCountry(o.getCountry())
        .setSignupDate(null).setPaymentMethod(null).setPaymentStatus(status).setPaymentAmount(null)
        .setItems(List.of(OrderItem.create("P-1", "books", 1, new BigDecimal(total))))
        .setAdditionalFields("{}").setSource(source).setLine(o.getLine()).setOrdinal(ordinal).setRaw(o.getRaw())
        .build();
  }

  /**
   * Earlier runs' paid revenue is 9,999,999,999,999,990.00 (a pending order does not count); this
   * run's paid orders are added in file order: the first fits, the second would pass the limit and
   * is rejected, a smaller one after it still fits; a pending order never counts.
   */
  @Test
  public void paidOrdersPastTheLimitInFileOrderAreInvalidValues() {
    PCollection<FactOrder> earlier = p.apply("Earlier", Create.of(
        paid("E-1", "C-1", "2025-01", "9999999999999000.00"),
        paid("E-2", "C-2", "2025-02", "990.00"),
        io.salespipelines.transforms.testing.Orders.fact("E-3", "C-3", "DE", "2025-02", "pending", "9000000000000000.00")));
    WithFailures.Result<PCollection<Order>, DeadLetter> r =
        p.apply("Run", Create.of(
                costing("B-2", "b.json", 7, "paid", "4.99"),
                costing("A-1", "a.json", 3, "paid", "5.00"),
                costing("A-2", "a.json", 9, "paid", "10.00"),
                costing("B-1", "b.json", 2, "pending", "9999999999999999.99")))
            .apply(new RejectOverflowingOrders(earlier));
    PAssert.that(r.output().apply("Ids", MapElements.into(TypeDescriptors.strings()).via(Order::getOrderId)))
        .containsInAnyOrder("A-1", "B-2", "B-1");
    PAssert.that(r.failures().apply("Letters", MapElements.into(TypeDescriptors.strings())
            .via(d -> d.getSource() + ":" + d.getLine() + "|" + d.getErrorType() + "|" + d.getErrorField() + "|"
                + d.getMessage())))
        .containsInAnyOrder("a.json:10|invalid_value|items|the order's total 10.00 would take the revenue of all"
            + " paid orders from 9999999999999995.00 to 10000000000000005.00, past 9999999999999999.99"
            + " (DECIMAL(18,2)), which the metrics could not hold");
    p.run();
  }

  @Test
  public void nothingEarlierAndNothingPaidRejectsNothing() {
    WithFailures.Result<PCollection<Order>, DeadLetter> r =
        p.apply("Run", Create.of(costing("A-1", "a.json", 0, "refunded", "9999999999999999.99")))
            .apply(new RejectOverflowingOrders(p.apply("Earlier", Create.empty(TypeDescriptor.of(FactOrder.class)))));
    PAssert.that(r.output().apply("Ids", MapElements.into(TypeDescriptors.strings()).via(Order::getOrderId)))
        .containsInAnyOrder("A-1");
    PAssert.that(r.failures()).empty();
    p.run();
  }
}

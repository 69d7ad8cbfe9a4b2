package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.FactOrder;
import io.salespipelines.schemas.FactOrderItem;
import io.salespipelines.schemas.Order;
import io.salespipelines.schemas.OrderItem;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Flattens accepted orders into the two fact tables: one {@link FactOrder} per order (item_count =
 * item lines, quantity = units, order_total = Σ line_total) and one {@link FactOrderItem} per item
 * line (line_total = quantity × unit_price), which carries its order's month and payment status.
 */
public class FlattenOrders extends PTransform<PCollection<Order>, PCollectionTuple> {
  public static final TupleTag<FactOrder> FACT_ORDERS = new TupleTag<FactOrder>() {};
  public static final TupleTag<FactOrderItem> FACT_ORDER_ITEMS = new TupleTag<FactOrderItem>() {};

  @Override
  public PCollectionTuple expand(PCollection<Order> orders) {
    return orders.apply(
        "ToFacts",
        ParDo.of(new ToFactsFn()).withOutputTags(FACT_ORDERS, TupleTagList.of(FACT_ORDER_ITEMS)));
  }

  static class ToFactsFn extends DoFn<Order, FactOrder> {
    @ProcessElement
    public void process(@Element Order order, MultiOutputReceiver out) {
      List<OrderItem> items = order.getItems();
      String month = order.month();
      BigDecimal orderTotal = BigDecimal.ZERO.setScale(2);
      long units = 0;
      for (int i = 0; i < items.size(); i++) {
        OrderItem item = items.get(i);
        BigDecimal lineTotal = lineTotal(item);
        orderTotal = orderTotal.add(lineTotal);
        units += item.getQuantity();
        out.get(FACT_ORDER_ITEMS)
            .output(
                FactOrderItem.builder()
                    .setOrderId(order.getOrderId())
                    .setLineNo(i + 1)
                    .setCustomerId(order.getCustomerId())
                    .setProductId(item.getProductId())
                    .setCategory(item.getCategory())
                    .setQuantity(item.getQuantity())
                    .setUnitPrice(item.getUnitPrice())
                    .setLineTotal(lineTotal)
                    .setOrderMonth(month)
                    .setPaymentStatus(order.getPaymentStatus())
                    .build());
      }
      out.get(FACT_ORDERS)
          .output(
              FactOrder.builder()
                  .setOrderId(order.getOrderId())
                  .setCustomerId(order.getCustomerId())
                  .setCountry(order.getCountry())
                  .setSignupDate(order.getSignupDate())
                  .setOrderTs(order.getOrderTs())
                  .setPaymentMethod(order.getPaymentMethod())
                  .setPaymentStatus(order.getPaymentStatus())
                  .setPaymentAmount(order.getPaymentAmount())
                  .setItemCount(items.size())
                  .setQuantity(units)
                  .setOrderTotal(orderTotal)
                  .setAdditionalFields(order.getAdditionalFields())
                  .build());
    }
  }

  /** The order's order_total: Σ line_total over its items. */
  static BigDecimal orderTotal(Order order) {
    BigDecimal total = BigDecimal.ZERO.setScale(2);
    for (OrderItem item : order.getItems()) {
      total = total.add(lineTotal(item));
    }
    return total;
  }

  /** quantity × unit_price: exact, since unit_price is already in cents. */
  static BigDecimal lineTotal(OrderItem item) {
    return item.getUnitPrice().multiply(BigDecimal.valueOf(item.getQuantity()));
  }
}

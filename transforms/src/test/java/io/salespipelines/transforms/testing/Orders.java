package io.salespipelines.transforms.testing;

import io.salespipelines.schemas.FactOrder;
import io.salespipelines.schemas.FactOrderItem;
import io.salespipelines.schemas.Order;
import io.salespipelines.schemas.OrderItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Small builders of order records for transform tests. */
public final class Orders {
  private Orders() {}

  /** Microseconds since the epoch of an ISO instant such as {@code 2025-01-03T10:15:00Z}. */
  public static long micros(String isoInstant) {
    Instant t = Instant.parse(isoInstant);
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000L;
  }

  /** A fact order on the 15th of {@code month} ({@code YYYY-MM}) with one total. */
  public static FactOrder fact(String id, String customer, String country, String month, String status, String total) {
    return FactOrder.builder()
        .setOrderId(id)
        .setCustomerId(customer)
        .setCountry(country)
        .setSignupDate(null)
        .setOrderTs(micros(month + "-15T12:00:00Z"))
        .setPaymentMethod("card")
        .setPaymentStatus(status)
        .setPaymentAmount(null)
        .setItemCount(1)
        .setQuantity(1)
        .setOrderTotal(new BigDecimal(total))
        .setAdditionalFields("{}")
        .build();
  }

  /** A paid fact order. */
  public static FactOrder paid(String id, String customer, String month, String total) {
    return fact(id, customer, "DE", month, "paid", total);
  }

  public static FactOrderItem item(
      String orderId, int lineNo, String month, String status, String category, int quantity, String unitPrice) {
    BigDecimal price = new BigDecimal(unitPrice);
    return FactOrderItem.builder()
        .setOrderId(orderId)
        .setLineNo(lineNo)
        .setCustomerId("C-" + orderId)
        .setProductId("P-" + lineNo)
        .setCategory(category)
        .setQuantity(quantity)
        .setUnitPrice(price)
        .setLineTotal(price.multiply(BigDecimal.valueOf(quantity)))
        .setOrderMonth(month)
        .setPaymentStatus(status)
        .build();
  }

  /** A validated order from {@code source} line {@code line} with one item. */
  public static Order order(String id, String source, long line, long ordinal) {
    return Order.builder()
        .setOrderId(id)
        .setOrderTs(micros("2025-01-03T10:15:00Z"))
        .setCustomerId("C-9")
        .setCountry("DE")
        .setSignupDate(null)
        .setPaymentMethod("card")
        .setPaymentStatus("paid")
        .setPaymentAmount(null)
        .setItems(List.of(OrderItem.create("P-1", "books", 3, new BigDecimal("19.99"))))
        .setAdditionalFields("{}")
        .setSource(source)
        .setLine(line)
        .setOrdinal(ordinal)
        .setRaw("raw " + id + "@" + line)
        .build();
  }
}

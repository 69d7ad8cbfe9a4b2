package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.Order;
import io.salespipelines.transforms.dedup.DeduplicateByKey;
import io.salespipelines.transforms.dedup.EarlierKeys;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Keeps one order per order_id (SPEC 2.1 {@code duplicate}): the first by (file, line), and by
 * position in the file for orders of a one-line array; an id accepted by an earlier run makes
 * every order with it a duplicate.
 */
public class DeduplicateOrders extends DeduplicateByKey<Order> {
  /**
   * @param buckets shuffle keys used to bring equal ids together
   * @param earlierIds order ids accepted by earlier runs over the same output, or null
   */
  public DeduplicateOrders(int buckets, @Nullable PCollection<String> earlierIds) {
    super("order_id", new OrderOrigin(), buckets, earlierIds == null ? null : EarlierKeys.of(earlierIds));
  }

  static class OrderOrigin implements Origin<Order> {
    @Override
    public String key(Order order) {
      return order.getOrderId();
    }

    @Override
    public String source(Order order) {
      return order.getSource();
    }

    @Override
    public long line(Order order) {
      return order.getLine();
    }

    @Override
    public long ordinal(Order order) {
      return order.getOrdinal();
    }

    @Override
    public String raw(Order order) {
      return order.getRaw();
    }
  }
}

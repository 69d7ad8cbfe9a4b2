package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.FactOrder;
import io.salespipelines.schemas.FactOrderItem;
import io.salespipelines.transforms.common.GroupByKeyInBuckets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Gives item lines read back from fact_order_items their order's month and payment status, joined
 * from fact_orders on order_id in hash buckets: the one way category_sales_monthly learns which
 * earlier items belong to paid orders, since the items table does not repeat the status. An item
 * whose order is not in fact_orders keeps null for both and so counts as not paid.
 */
public class AttachOrderToItems extends PTransform<PCollectionTuple, PCollection<FactOrderItem>> {
  public static final TupleTag<FactOrderItem> ITEMS = new TupleTag<FactOrderItem>() {};
  public static final TupleTag<FactOrder> ORDERS = new TupleTag<FactOrder>() {};

  private final int buckets;

  /** @param buckets shuffle buckets for the join on order_id */
  public AttachOrderToItems(int buckets) {
    this.buckets = buckets;
  }

  @Override
  public PCollection<FactOrderItem> expand(PCollectionTuple itemsAndOrders) {
    PCollection<FactOrderItem> items = itemsAndOrders.get(ITEMS);
    Coder<KV<String, String>> statusAndMonth = KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());
    Coder<KV<String, KV<FactOrderItem, KV<String, String>>>> joined =
        KvCoder.of(
            StringUtf8Coder.of(),
            KvCoder.of(NullableCoder.of(items.getCoder()), NullableCoder.of(statusAndMonth)));
    TypeDescriptor<KV<String, KV<FactOrderItem, KV<String, String>>>> type =
        new TypeDescriptor<KV<String, KV<FactOrderItem, KV<String, String>>>>() {};
    PCollection<KV<String, KV<FactOrderItem, KV<String, String>>>> byOrderId =
        items
            .apply("ItemsByOrderId",
                MapElements.into(type).via(item -> KV.of(item.getOrderId(), KV.of(item, null))))
            .setCoder(joined);
    PCollection<KV<String, KV<FactOrderItem, KV<String, String>>>> orders =
        itemsAndOrders.get(ORDERS)
            .apply("StatusAndMonthByOrderId",
                MapElements.into(type)
                    .via(o -> KV.of(o.getOrderId(), KV.of(null, KV.of(o.getPaymentStatus(), o.month())))))
            .setCoder(joined);
    return PCollectionList.of(byOrderId)
        .and(orders)
        .apply("ItemsAndOrders", Flatten.pCollections())
        .apply("GroupByOrderId", new GroupByKeyInBuckets<>(buckets))
        .apply("Attach", ParDo.of(new AttachFn()))
        .setCoder(items.getCoder());
  }

  static class AttachFn
      extends DoFn<KV<String, Iterable<KV<FactOrderItem, KV<String, String>>>>, FactOrderItem> {
    @ProcessElement
    public void process(
        @Element KV<String, Iterable<KV<FactOrderItem, KV<String, String>>>> order,
        OutputReceiver<FactOrderItem> out) {
      KV<String, String> statusAndMonth = null;
      List<FactOrderItem> items = new ArrayList<>();
      for (KV<FactOrderItem, KV<String, String>> value : order.getValue()) {
        if (value.getKey() != null) {
          items.add(value.getKey());
        } else {
          statusAndMonth = value.getValue();
        }
      }
      for (FactOrderItem item : items) {
        out.output(
            statusAndMonth == null
                ? item
                : item.toBuilder()
                    .setPaymentStatus(statusAndMonth.getKey())
                    .setOrderMonth(statusAndMonth.getValue())
                    .build());
      }
    }
  }
}

package io.salespipelines.transforms.marts;

import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.schemas.StoreProductSales;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Table store_product_sales: total and count of accepted sales per (store, product). */
public class SumStoreProductSales
    extends PTransform<PCollection<EnrichedSale>, PCollection<StoreProductSales>> {
  private final int buckets;

  public SumStoreProductSales(int buckets) {
    this.buckets = buckets;
  }

  @Override
  public PCollection<StoreProductSales> expand(PCollection<EnrichedSale> sales) {
    return sales
        .apply(
            "KeyByStoreProduct",
            MapElements.into(GroupKeys.KEYED_MONEY_TYPE)
                .via(
                    (EnrichedSale s) ->
                        KV.of(
                            GroupKeys.of(
                                s.getStoreId(), s.getStoreName(), s.getStoreLocation(), s.getProductId()),
                            s.getTotalCost())))
        .setCoder(GroupKeys.KEYED_MONEY)
        .apply("SumAndCount", new SumPerGroup(buckets))
        .apply(
            "ToRow",
            MapElements.into(TypeDescriptor.of(StoreProductSales.class))
                .via(
                    (KV<List<String>, KV<BigDecimal, Long>> kv) -> {
                      List<String> k = kv.getKey();
                      return StoreProductSales.create(
                          k.get(0), k.get(1), k.get(2), k.get(3),
                          kv.getValue().getKey(), kv.getValue().getValue());
                    }));
  }
}

package io.salespipelines.transforms.marts;

import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.schemas.StoreProductSales;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/** Table store_product_sales: total and count of accepted sales per (store, product). */
public class SumStoreProductSales
    extends PTransform<PCollection<EnrichedSale>, PCollection<StoreProductSales>> {

  @Override
  public PCollection<StoreProductSales> expand(PCollection<EnrichedSale> sales) {
    return sales
        .apply(
            "KeyByStoreProduct",
            MapElements.into(
                    TypeDescriptors.kvs(
                        new TypeDescriptor<List<String>>() {},
                        TypeDescriptors.kvs(
                            TypeDescriptor.of(BigDecimal.class), TypeDescriptors.longs())))
                .via(
                    (EnrichedSale s) ->
                        KV.of(
                            GroupKeys.of(s.getStoreId(), s.getStoreName(), s.getStoreLocation(), s.getProductId()),
                            KV.of(s.getTotalCost(), 1L))))
        .setCoder(
            KvCoder.of(GroupKeys.KEY_CODER, KvCoder.of(BigDecimalCoder.of(), VarLongCoder.of())))
        .apply("SumAndCount", Combine.perKey(new SumAndCount()))
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

  /** Adds amounts and counts together in one pass. */
  static class SumAndCount extends Combine.BinaryCombineFn<KV<BigDecimal, Long>> {
    @Override
    public KV<BigDecimal, Long> apply(KV<BigDecimal, Long> left, KV<BigDecimal, Long> right) {
      return KV.of(left.getKey().add(right.getKey()), left.getValue() + right.getValue());
    }
  }
}

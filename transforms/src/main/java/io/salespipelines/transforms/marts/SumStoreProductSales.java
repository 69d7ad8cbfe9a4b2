package io.salespipelines.transforms.marts;

import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.schemas.StoreProductSales;
import io.salespipelines.transforms.marts.GroupKeys.StoreProduct;
import java.math.BigDecimal;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Table store_product_sales: total and count of accepted sales per (store, product), over this
 * run's sales and the table earlier runs left, if given.
 */
public class SumStoreProductSales
    extends PTransform<PCollection<EnrichedSale>, PCollection<StoreProductSales>> {
  private static final Coder<KV<StoreProduct, KV<BigDecimal, Long>>> KEYED_TALLY =
      SumPerGroup.keyedTally(StoreProduct.CODER);
  private static final TypeDescriptor<KV<StoreProduct, KV<BigDecimal, Long>>> KEYED_TALLY_TYPE =
      SumPerGroup.keyedTallyType(StoreProduct.CODER);

  private final int buckets;
  private final @Nullable PCollection<StoreProductSales> earlier;

  public SumStoreProductSales(int buckets) {
    this(buckets, null);
  }

  /** @param earlier the table as earlier runs left it, whose totals and counts are added in */
  public SumStoreProductSales(int buckets, @Nullable PCollection<StoreProductSales> earlier) {
    this.buckets = buckets;
    this.earlier = earlier;
  }

  @Override
  public PCollection<StoreProductSales> expand(PCollection<EnrichedSale> sales) {
    PCollection<KV<StoreProduct, KV<BigDecimal, Long>>> tallies =
        sales
            .apply(
                "KeyByStoreProduct",
                MapElements.into(KEYED_TALLY_TYPE)
                    .via(
                        (EnrichedSale s) ->
                            KV.of(
                                new StoreProduct(
                                    s.getStoreId(), s.getStoreName(), s.getStoreLocation(), s.getProductId()),
                                SumPerGroup.tally(s.getTotalCost(), 1L))))
            .setCoder(KEYED_TALLY);
    if (earlier != null) {
      PCollection<KV<StoreProduct, KV<BigDecimal, Long>>> before =
          earlier
              .apply(
                  "KeyEarlierByStoreProduct",
                  MapElements.into(KEYED_TALLY_TYPE)
                      .via(
                          (StoreProductSales r) ->
                              KV.of(
                                  new StoreProduct(r.getStoreId(), r.getStoreName(), r.getLocation(), r.getProductId()),
                                  SumPerGroup.tally(r.getTotalSales(), r.getTransactionCount()))))
              .setCoder(KEYED_TALLY);
      tallies = PCollectionList.of(before).and(tallies).apply("WithEarlier", Flatten.pCollections());
    }
    return tallies
        .apply("SumAndCount", SumPerGroup.ofTallies(buckets, StoreProduct.CODER))
        .apply(
            "ToRow",
            MapElements.into(TypeDescriptor.of(StoreProductSales.class))
                .via(
                    (KV<StoreProduct, KV<BigDecimal, Long>> kv) -> {
                      StoreProduct k = kv.getKey();
                      return StoreProductSales.create(
                          k.storeId(), k.storeName(), k.location(), k.productId(),
                          kv.getValue().getKey(), kv.getValue().getValue());
                    }));
  }
}

package io.salespipelines.transforms.marts;

import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.schemas.StoreProductSales;
import java.math.BigDecimal;
import java.util.List;
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
    PCollection<KV<List<String>, KV<BigDecimal, Long>>> tallies =
        sales
            .apply(
                "KeyByStoreProduct",
                MapElements.into(SumPerGroup.KEYED_TALLY_TYPE)
                    .via(
                        (EnrichedSale s) ->
                            KV.of(
                                GroupKeys.of(
                                    s.getStoreId(), s.getStoreName(), s.getStoreLocation(), s.getProductId()),
                                SumPerGroup.tally(s.getTotalCost(), 1L))))
            .setCoder(SumPerGroup.KEYED_TALLY);
    if (earlier != null) {
      PCollection<KV<List<String>, KV<BigDecimal, Long>>> before =
          earlier
              .apply(
                  "KeyEarlierByStoreProduct",
                  MapElements.into(SumPerGroup.KEYED_TALLY_TYPE)
                      .via(
                          (StoreProductSales r) ->
                              KV.of(
                                  GroupKeys.of(r.getStoreId(), r.getStoreName(), r.getLocation(), r.getProductId()),
                                  SumPerGroup.tally(r.getTotalSales(), r.getTransactionCount()))))
              .setCoder(SumPerGroup.KEYED_TALLY);
      tallies = PCollectionList.of(before).and(tallies).apply("WithEarlier", Flatten.pCollections());
    }
    return tallies
        .apply("SumAndCount", SumPerGroup.ofTallies(buckets))
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

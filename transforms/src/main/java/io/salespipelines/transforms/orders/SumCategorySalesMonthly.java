package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.CategorySalesMonthly;
import io.salespipelines.schemas.FactOrderItem;
import java.math.BigDecimal;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * category_sales_monthly: the items of paid orders per month (of the order) and category, their
 * units (Σ quantity) and revenue (Σ line_total). Each item carries its order's month and status
 * (see {@link FactOrderItem}). Given the table earlier runs left, its units and revenue are added in:
 * a run then needs its own items only, not every item line accepted so far (an accepted order never
 * changes, so the earlier rows are final sums).
 */
public class SumCategorySalesMonthly
    extends PTransform<PCollection<FactOrderItem>, PCollection<CategorySalesMonthly>> {
  private static final Coder<KV<String, String>> MONTH_AND_CATEGORY =
      KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());
  private static final Coder<KV<Long, BigDecimal>> UNITS_AND_MONEY =
      KvCoder.of(VarLongCoder.of(), BigDecimalCoder.of());

  private static final Coder<KV<KV<String, String>, KV<Long, BigDecimal>>> KEYED_UNITS_AND_MONEY_CODER =
      KvCoder.of(MONTH_AND_CATEGORY, UNITS_AND_MONEY);
  private static final TypeDescriptor<KV<KV<String, String>, KV<Long, BigDecimal>>> KEYED_UNITS_AND_MONEY =
      new TypeDescriptor<KV<KV<String, String>, KV<Long, BigDecimal>>>() {};

  private final @Nullable PCollection<CategorySalesMonthly> earlier;

  public SumCategorySalesMonthly() {
    this(null);
  }

  /** @param earlier the table as earlier runs left it, whose units and revenue are added in */
  public SumCategorySalesMonthly(@Nullable PCollection<CategorySalesMonthly> earlier) {
    this.earlier = earlier;
  }

  @Override
  public PCollection<CategorySalesMonthly> expand(PCollection<FactOrderItem> items) {
    PCollection<KV<KV<String, String>, KV<Long, BigDecimal>>> sums =
        items
            .apply("ItemsOfPaidOrdersOnly", Filter.by(FactOrderItem::isPaid))
            .apply(
                "ByMonthAndCategory",
                MapElements.into(KEYED_UNITS_AND_MONEY)
                    .via(
                        (FactOrderItem item) ->
                            KV.of(
                                KV.of(item.getOrderMonth(), item.getCategory()),
                                KV.of((long) item.getQuantity(), item.getLineTotal()))))
            .setCoder(KEYED_UNITS_AND_MONEY_CODER);
    if (earlier != null) {
      PCollection<KV<KV<String, String>, KV<Long, BigDecimal>>> before =
          earlier
              .apply(
                  "KeyEarlierByMonthAndCategory",
                  MapElements.into(KEYED_UNITS_AND_MONEY)
                      .via(
                          (CategorySalesMonthly row) ->
                              KV.of(
                                  KV.of(row.getMonth(), row.getCategory()),
                                  KV.of(row.getQuantity(), row.getRevenue()))))
              .setCoder(KEYED_UNITS_AND_MONEY_CODER);
      sums = PCollectionList.of(before).and(sums).apply("WithEarlier", Flatten.pCollections());
    }
    return sums
        .apply("SumUnitsAndRevenue", Combine.perKey(new SumUnitsAndMoney()))
        .apply(
            "ToRow",
            MapElements.into(TypeDescriptor.of(CategorySalesMonthly.class))
                .via(
                    (KV<KV<String, String>, KV<Long, BigDecimal>> group) ->
                        CategorySalesMonthly.create(
                            group.getKey().getKey(), group.getKey().getValue(),
                            group.getValue().getKey(), group.getValue().getValue())));
  }

  static class SumUnitsAndMoney
      extends Combine.CombineFn<KV<Long, BigDecimal>, KV<Long, BigDecimal>, KV<Long, BigDecimal>> {
    @Override
    public KV<Long, BigDecimal> createAccumulator() {
      return KV.of(0L, BigDecimal.ZERO.setScale(2));
    }

    @Override
    public KV<Long, BigDecimal> addInput(KV<Long, BigDecimal> acc, KV<Long, BigDecimal> input) {
      return KV.of(acc.getKey() + input.getKey(), acc.getValue().add(input.getValue()));
    }

    @Override
    public KV<Long, BigDecimal> mergeAccumulators(Iterable<KV<Long, BigDecimal>> accs) {
      KV<Long, BigDecimal> merged = createAccumulator();
      for (KV<Long, BigDecimal> acc : accs) {
        merged = addInput(merged, acc);
      }
      return merged;
    }

    @Override
    public KV<Long, BigDecimal> extractOutput(KV<Long, BigDecimal> acc) {
      return acc;
    }

    @Override
    public Coder<KV<Long, BigDecimal>> getAccumulatorCoder(
        CoderRegistry registry, Coder<KV<Long, BigDecimal>> input) {
      return UNITS_AND_MONEY;
    }

    @Override
    public Coder<KV<Long, BigDecimal>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<KV<Long, BigDecimal>> input) {
      return UNITS_AND_MONEY;
    }
  }
}

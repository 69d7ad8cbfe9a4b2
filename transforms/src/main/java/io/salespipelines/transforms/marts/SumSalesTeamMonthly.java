package io.salespipelines.transforms.marts;

import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.schemas.SalesTeamIncentive;
import io.salespipelines.transforms.marts.GroupKeys.SalesPersonMonth;
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
 * Each sales person's total per store and calendar month, over this run's sales and the totals of
 * the incentive table earlier runs left, if given; as incentive rows with no incentive yet ({@link
 * RankTopSalesperson} decides who earns one).
 */
public class SumSalesTeamMonthly
    extends PTransform<PCollection<EnrichedSale>, PCollection<SalesTeamIncentive>> {
  private static final Coder<KV<SalesPersonMonth, KV<BigDecimal, Long>>> KEYED_TALLY =
      SumPerGroup.keyedTally(SalesPersonMonth.CODER);
  private static final TypeDescriptor<KV<SalesPersonMonth, KV<BigDecimal, Long>>> KEYED_TALLY_TYPE =
      SumPerGroup.keyedTallyType(SalesPersonMonth.CODER);

  private final int buckets;
  private final @Nullable PCollection<SalesTeamIncentive> earlier;

  public SumSalesTeamMonthly(int buckets) {
    this(buckets, null);
  }

  /** @param earlier the incentive table as earlier runs left it, whose totals are added in */
  public SumSalesTeamMonthly(int buckets, @Nullable PCollection<SalesTeamIncentive> earlier) {
    this.buckets = buckets;
    this.earlier = earlier;
  }

  @Override
  public PCollection<SalesTeamIncentive> expand(PCollection<EnrichedSale> sales) {
    PCollection<KV<SalesPersonMonth, KV<BigDecimal, Long>>> tallies =
        sales
            .apply(
                "KeyByStorePersonMonth",
                MapElements.into(KEYED_TALLY_TYPE)
                    .via(
                        (EnrichedSale s) ->
                            KV.of(
                                new SalesPersonMonth(s.getStoreId(), s.getSalesPersonId(),
                                    s.getSalesPersonFirstName(), s.getSalesPersonLastName(), s.getSalesYear(),
                                    s.getSalesMonth()),
                                SumPerGroup.tally(s.getTotalCost(), 1L))))
            .setCoder(KEYED_TALLY);
    if (earlier != null) {
      PCollection<KV<SalesPersonMonth, KV<BigDecimal, Long>>> before =
          earlier
              .apply(
                  "KeyEarlierByStorePersonMonth",
                  MapElements.into(KEYED_TALLY_TYPE)
                      .via(
                          (SalesTeamIncentive r) ->
                              KV.of(
                                  new SalesPersonMonth(r.getStoreId(), r.getSalesPersonId(), r.getFirstName(),
                                      r.getLastName(), r.getYear(), r.getMonth()),
                                  // The earlier incentive is dropped: the ranking is redone.
                                  SumPerGroup.tally(r.getTotalSales(), 0L))))
              .setCoder(KEYED_TALLY);
      tallies = PCollectionList.of(before).and(tallies).apply("WithEarlier", Flatten.pCollections());
    }
    return tallies
        .apply("Sum", SumPerGroup.ofTallies(buckets, SalesPersonMonth.CODER))
        .apply(
            "ToRow",
            MapElements.into(TypeDescriptor.of(SalesTeamIncentive.class))
                .via(
                    (KV<SalesPersonMonth, KV<BigDecimal, Long>> kv) -> {
                      SalesPersonMonth k = kv.getKey();
                      return SalesTeamIncentive.create(
                          k.storeId(), k.salesPersonId(), k.firstName(), k.lastName(), k.year(), k.month(),
                          kv.getValue().getKey(), BigDecimal.ZERO.setScale(2));
                    }));
  }
}

package io.salespipelines.transforms.marts;

import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.schemas.SalesTeamIncentive;
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
 * Each sales person's total per store and calendar month, over this run's sales and the totals of
 * the incentive table earlier runs left, if given; as incentive rows with no incentive yet ({@link
 * RankTopSalesperson} decides who earns one).
 */
public class SumSalesTeamMonthly
    extends PTransform<PCollection<EnrichedSale>, PCollection<SalesTeamIncentive>> {
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
    PCollection<KV<List<String>, KV<BigDecimal, Long>>> tallies =
        sales
            .apply(
                "KeyByStorePersonMonth",
                MapElements.into(SumPerGroup.KEYED_TALLY_TYPE)
                    .via(
                        (EnrichedSale s) ->
                            KV.of(
                                key(s.getStoreId(), s.getSalesPersonId(), s.getSalesPersonFirstName(),
                                    s.getSalesPersonLastName(), s.getSalesYear(), s.getSalesMonth()),
                                SumPerGroup.tally(s.getTotalCost(), 1L))))
            .setCoder(SumPerGroup.KEYED_TALLY);
    if (earlier != null) {
      PCollection<KV<List<String>, KV<BigDecimal, Long>>> before =
          earlier
              .apply(
                  "KeyEarlierByStorePersonMonth",
                  MapElements.into(SumPerGroup.KEYED_TALLY_TYPE)
                      .via(
                          (SalesTeamIncentive r) ->
                              KV.of(
                                  key(r.getStoreId(), r.getSalesPersonId(), r.getFirstName(), r.getLastName(),
                                      r.getYear(), r.getMonth()),
                                  // The earlier incentive is dropped: the ranking is redone.
                                  SumPerGroup.tally(r.getTotalSales(), 0L))))
              .setCoder(SumPerGroup.KEYED_TALLY);
      tallies = PCollectionList.of(before).and(tallies).apply("WithEarlier", Flatten.pCollections());
    }
    return tallies
        .apply("Sum", SumPerGroup.ofTallies(buckets))
        .apply(
            "ToRow",
            MapElements.into(TypeDescriptor.of(SalesTeamIncentive.class))
                .via(
                    (KV<List<String>, KV<BigDecimal, Long>> kv) -> {
                      List<String> k = kv.getKey();
                      return SalesTeamIncentive.create(
                          k.get(0), k.get(1), k.get(2), k.get(3),
                          Integer.parseInt(k.get(4)), Integer.parseInt(k.get(5)),
                          kv.getValue().getKey(), BigDecimal.ZERO.setScale(2));
                    }));
  }

  private static List<String> key(
      String storeId, String salesPersonId, @Nullable String firstName, @Nullable String lastName, int year,
      int month) {
    return GroupKeys.of(
        storeId, salesPersonId, firstName, lastName, Integer.toString(year), Integer.toString(month));
  }
}

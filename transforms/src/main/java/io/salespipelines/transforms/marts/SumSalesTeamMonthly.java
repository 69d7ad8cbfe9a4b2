package io.salespipelines.transforms.marts;

import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.schemas.SalesTeamIncentive;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Each sales person's total per store and calendar month, as incentive rows with no incentive yet
 * ({@link RankTopSalesperson} decides who earns one).
 */
public class SumSalesTeamMonthly
    extends PTransform<PCollection<EnrichedSale>, PCollection<SalesTeamIncentive>> {
  private final int buckets;

  public SumSalesTeamMonthly(int buckets) {
    this.buckets = buckets;
  }

  @Override
  public PCollection<SalesTeamIncentive> expand(PCollection<EnrichedSale> sales) {
    return sales
        .apply(
            "KeyByStorePersonMonth",
            MapElements.into(GroupKeys.KEYED_MONEY_TYPE)
                .via(
                    (EnrichedSale s) ->
                        KV.of(
                            GroupKeys.of(
                                s.getStoreId(), s.getSalesPersonId(), s.getSalesPersonFirstName(),
                                s.getSalesPersonLastName(), Integer.toString(s.getSalesYear()),
                                Integer.toString(s.getSalesMonth())),
                            s.getTotalCost())))
        .setCoder(GroupKeys.KEYED_MONEY)
        .apply("Sum", new SumPerGroup(buckets))
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
}

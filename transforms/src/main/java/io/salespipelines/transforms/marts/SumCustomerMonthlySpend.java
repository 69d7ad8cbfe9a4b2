package io.salespipelines.transforms.marts;

import io.salespipelines.schemas.CustomerMonthlySpend;
import io.salespipelines.schemas.EnrichedSale;
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
 * Table customer_monthly_spend: each customer's total per calendar month of the sales date, over
 * this run's sales and the table earlier runs left, if given.
 */
public class SumCustomerMonthlySpend
    extends PTransform<PCollection<EnrichedSale>, PCollection<CustomerMonthlySpend>> {
  private final int buckets;
  private final @Nullable PCollection<CustomerMonthlySpend> earlier;

  public SumCustomerMonthlySpend(int buckets) {
    this(buckets, null);
  }

  /** @param earlier the table as earlier runs left it, whose totals are added in */
  public SumCustomerMonthlySpend(int buckets, @Nullable PCollection<CustomerMonthlySpend> earlier) {
    this.buckets = buckets;
    this.earlier = earlier;
  }

  @Override
  public PCollection<CustomerMonthlySpend> expand(PCollection<EnrichedSale> sales) {
    PCollection<KV<List<String>, KV<BigDecimal, Long>>> tallies =
        sales
            .apply(
                "KeyByCustomerMonth",
                MapElements.into(SumPerGroup.KEYED_TALLY_TYPE)
                    .via(
                        (EnrichedSale s) ->
                            KV.of(
                                key(s.getCustomerId(), s.getCustomerFirstName(), s.getCustomerLastName(),
                                    s.getSalesYear(), s.getSalesMonth()),
                                SumPerGroup.tally(s.getTotalCost(), 1L))))
            .setCoder(SumPerGroup.KEYED_TALLY);
    if (earlier != null) {
      PCollection<KV<List<String>, KV<BigDecimal, Long>>> before =
          earlier
              .apply(
                  "KeyEarlierByCustomerMonth",
                  MapElements.into(SumPerGroup.KEYED_TALLY_TYPE)
                      .via(
                          (CustomerMonthlySpend r) ->
                              KV.of(
                                  key(r.getCustomerId(), r.getFirstName(), r.getLastName(), r.getYear(),
                                      r.getMonth()),
                                  // The table keeps no count; this mart does not need one.
                                  SumPerGroup.tally(r.getMonthlyTotal(), 0L))))
              .setCoder(SumPerGroup.KEYED_TALLY);
      tallies = PCollectionList.of(before).and(tallies).apply("WithEarlier", Flatten.pCollections());
    }
    return tallies
        .apply("Sum", SumPerGroup.ofTallies(buckets))
        .apply(
            "ToRow",
            MapElements.into(TypeDescriptor.of(CustomerMonthlySpend.class))
                .via(
                    (KV<List<String>, KV<BigDecimal, Long>> kv) -> {
                      List<String> k = kv.getKey();
                      return CustomerMonthlySpend.create(
                          k.get(0), k.get(1), k.get(2),
                          Integer.parseInt(k.get(3)), Integer.parseInt(k.get(4)), kv.getValue().getKey());
                    }));
  }

  private static List<String> key(
      String customerId, @Nullable String firstName, @Nullable String lastName, int year, int month) {
    return GroupKeys.of(customerId, firstName, lastName, Integer.toString(year), Integer.toString(month));
  }
}

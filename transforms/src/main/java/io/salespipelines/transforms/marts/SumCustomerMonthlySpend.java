package io.salespipelines.transforms.marts;

import io.salespipelines.schemas.CustomerMonthlySpend;
import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.transforms.marts.GroupKeys.CustomerMonth;
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
 * Table customer_monthly_spend: each customer's total per calendar month of the sales date, over
 * this run's sales and the table earlier runs left, if given.
 */
public class SumCustomerMonthlySpend
    extends PTransform<PCollection<EnrichedSale>, PCollection<CustomerMonthlySpend>> {
  private static final Coder<KV<CustomerMonth, KV<BigDecimal, Long>>> KEYED_TALLY =
      SumPerGroup.keyedTally(CustomerMonth.CODER);
  private static final TypeDescriptor<KV<CustomerMonth, KV<BigDecimal, Long>>> KEYED_TALLY_TYPE =
      SumPerGroup.keyedTallyType(CustomerMonth.CODER);

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
    PCollection<KV<CustomerMonth, KV<BigDecimal, Long>>> tallies =
        sales
            .apply(
                "KeyByCustomerMonth",
                MapElements.into(KEYED_TALLY_TYPE)
                    .via(
                        (EnrichedSale s) ->
                            KV.of(
                                new CustomerMonth(s.getCustomerId(), s.getCustomerFirstName(),
                                    s.getCustomerLastName(), s.getSalesYear(), s.getSalesMonth()),
                                SumPerGroup.tally(s.getTotalCost(), 1L))))
            .setCoder(KEYED_TALLY);
    if (earlier != null) {
      PCollection<KV<CustomerMonth, KV<BigDecimal, Long>>> before =
          earlier
              .apply(
                  "KeyEarlierByCustomerMonth",
                  MapElements.into(KEYED_TALLY_TYPE)
                      .via(
                          (CustomerMonthlySpend r) ->
                              KV.of(
                                  new CustomerMonth(r.getCustomerId(), r.getFirstName(), r.getLastName(),
                                      r.getYear(), r.getMonth()),
                                  // The table keeps no count; this mart does not need one.
                                  SumPerGroup.tally(r.getMonthlyTotal(), 0L))))
              .setCoder(KEYED_TALLY);
      tallies = PCollectionList.of(before).and(tallies).apply("WithEarlier", Flatten.pCollections());
    }
    return tallies
        .apply("Sum", SumPerGroup.ofTallies(buckets, CustomerMonth.CODER))
        .apply(
            "ToRow",
            MapElements.into(TypeDescriptor.of(CustomerMonthlySpend.class))
                .via(
                    (KV<CustomerMonth, KV<BigDecimal, Long>> kv) -> {
                      CustomerMonth k = kv.getKey();
                      return CustomerMonthlySpend.create(
                          k.customerId(), k.firstName(), k.lastName(), k.year(), k.month(), kv.getValue().getKey());
                    }));
  }
}

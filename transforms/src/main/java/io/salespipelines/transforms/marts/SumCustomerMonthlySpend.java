package io.salespipelines.transforms.marts;

import io.salespipelines.schemas.CustomerMonthlySpend;
import io.salespipelines.schemas.EnrichedSale;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Table customer_monthly_spend: each customer's total per calendar month of the sales date. */
public class SumCustomerMonthlySpend
    extends PTransform<PCollection<EnrichedSale>, PCollection<CustomerMonthlySpend>> {
  private final int buckets;

  public SumCustomerMonthlySpend(int buckets) {
    this.buckets = buckets;
  }

  @Override
  public PCollection<CustomerMonthlySpend> expand(PCollection<EnrichedSale> sales) {
    return sales
        .apply(
            "KeyByCustomerMonth",
            MapElements.into(GroupKeys.KEYED_MONEY_TYPE)
                .via(
                    (EnrichedSale s) ->
                        KV.of(
                            GroupKeys.of(
                                s.getCustomerId(), s.getCustomerFirstName(), s.getCustomerLastName(),
                                Integer.toString(s.getSalesYear()), Integer.toString(s.getSalesMonth())),
                            s.getTotalCost())))
        .setCoder(GroupKeys.KEYED_MONEY)
        .apply("Sum", new SumPerGroup(buckets))
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
}

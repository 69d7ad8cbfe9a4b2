package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.FactOrder;
import io.salespipelines.schemas.MonthlyActiveCustomers;
import io.salespipelines.transforms.common.DistinctInBuckets;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * monthly_active_customers: per month, the distinct customers with a paid order, per country on
 * the order and once more under {@code ALL}, where a customer counts once even if their orders
 * name two countries.
 */
public class CountMonthlyActiveCustomers
    extends PTransform<PCollection<FactOrder>, PCollection<MonthlyActiveCustomers>> {
  private final int buckets;

  /** @param buckets shuffle buckets for the distinct (month, country, customer) triples */
  public CountMonthlyActiveCustomers(int buckets) {
    this.buckets = buckets;
  }

  @Override
  public PCollection<MonthlyActiveCustomers> expand(PCollection<FactOrder> orders) {
    return orders
        .apply("PaidOrdersOnly", Filter.by(FactOrder::isPaid))
        .apply(
            "MonthCountryCustomer",
            FlatMapElements.into(TypeDescriptors.lists(TypeDescriptors.strings()))
                .via(
                    (FactOrder o) ->
                        List.of(
                            List.of(o.month(), o.getCountry(), o.getCustomerId()),
                            List.of(o.month(), MonthlyActiveCustomers.ALL_COUNTRIES, o.getCustomerId()))))
        .setCoder(ListCoder.of(StringUtf8Coder.of()))
        .apply("EachCustomerOncePerMonthAndCountry", new DistinctInBuckets<>(buckets))
        .apply(
            "ByMonthAndCountry",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via((List<String> active) -> KV.of(active.get(0), active.get(1))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply("CountCustomers", Count.perElement())
        .apply(
            "ToRow",
            MapElements.into(TypeDescriptor.of(MonthlyActiveCustomers.class))
                .via(
                    (KV<KV<String, String>, Long> count) ->
                        MonthlyActiveCustomers.create(
                            count.getKey().getKey(), count.getKey().getValue(), count.getValue())));
  }
}

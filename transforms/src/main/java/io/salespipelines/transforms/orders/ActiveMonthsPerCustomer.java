package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.FactOrder;
import io.salespipelines.transforms.common.GroupByKeyInBuckets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Each customer with a paid order, and the months ({@code YYYY-MM}, ascending, each once) in which
 * they had one: what cohort retention and churn are measured on. The first month is the
 * customer's cohort.
 */
public class ActiveMonthsPerCustomer
    extends PTransform<PCollection<FactOrder>, PCollection<KV<String, List<String>>>> {
  private final int buckets;

  /** @param buckets shuffle buckets for grouping by customer */
  public ActiveMonthsPerCustomer(int buckets) {
    this.buckets = buckets;
  }

  @Override
  public PCollection<KV<String, List<String>>> expand(PCollection<FactOrder> orders) {
    return orders
        .apply("PaidOrdersOnly", Filter.by(FactOrder::isPaid))
        .apply(
            "MonthByCustomer",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via((FactOrder o) -> KV.of(o.getCustomerId(), o.month())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply("GroupByCustomer", new GroupByKeyInBuckets<>(buckets))
        .apply("DistinctMonthsInOrder", ParDo.of(new SortMonthsFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ListCoder.of(StringUtf8Coder.of())));
  }

  static class SortMonthsFn extends DoFn<KV<String, Iterable<String>>, KV<String, List<String>>> {
    @ProcessElement
    public void process(
        @Element KV<String, Iterable<String>> customer, OutputReceiver<KV<String, List<String>>> out) {
      TreeSet<String> months = new TreeSet<>();
      customer.getValue().forEach(months::add);
      out.output(KV.of(customer.getKey(), new ArrayList<>(months)));
    }
  }
}

package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.FactOrder;
import io.salespipelines.schemas.MonthlyRevenue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * monthly_revenue: per month with a paid order, the paid orders, their revenue (Σ order_total, the
 * items, not payment.amount) and the average order value, revenue / orders HALF_UP to cents.
 */
public class SumMonthlyRevenue extends PTransform<PCollection<FactOrder>, PCollection<MonthlyRevenue>> {
  @Override
  public PCollection<MonthlyRevenue> expand(PCollection<FactOrder> orders) {
    return orders
        .apply("PaidOrdersOnly", Filter.by(FactOrder::isPaid))
        .apply(
            "OrderTotalByMonth",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(BigDecimal.class)))
                .via((FactOrder o) -> KV.of(o.month(), o.getOrderTotal())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), BigDecimalCoder.of()))
        .apply("SumAndCountPerMonth", Combine.perKey(new SumAndCount()))
        .apply(
            "ToRow",
            MapElements.into(TypeDescriptor.of(MonthlyRevenue.class))
                .via(
                    (KV<String, KV<BigDecimal, Long>> month) -> {
                      BigDecimal revenue = month.getValue().getKey();
                      long orderCount = month.getValue().getValue();
                      return MonthlyRevenue.create(
                          month.getKey(), orderCount, revenue,
                          revenue.divide(BigDecimal.valueOf(orderCount), 2, RoundingMode.HALF_UP));
                    }));
  }

  /** Exact sum and count of amounts. */
  static class SumAndCount extends Combine.CombineFn<BigDecimal, KV<BigDecimal, Long>, KV<BigDecimal, Long>> {
    private static final Coder<KV<BigDecimal, Long>> CODER = KvCoder.of(BigDecimalCoder.of(), VarLongCoder.of());

    @Override
    public KV<BigDecimal, Long> createAccumulator() {
      return KV.of(BigDecimal.ZERO.setScale(2), 0L);
    }

    @Override
    public KV<BigDecimal, Long> addInput(KV<BigDecimal, Long> acc, BigDecimal amount) {
      return KV.of(acc.getKey().add(amount), acc.getValue() + 1);
    }

    @Override
    public KV<BigDecimal, Long> mergeAccumulators(Iterable<KV<BigDecimal, Long>> accs) {
      KV<BigDecimal, Long> merged = createAccumulator();
      for (KV<BigDecimal, Long> acc : accs) {
        merged = KV.of(merged.getKey().add(acc.getKey()), merged.getValue() + acc.getValue());
      }
      return merged;
    }

    @Override
    public KV<BigDecimal, Long> extractOutput(KV<BigDecimal, Long> acc) {
      return acc;
    }

    @Override
    public Coder<KV<BigDecimal, Long>> getAccumulatorCoder(CoderRegistry registry, Coder<BigDecimal> input) {
      return CODER;
    }

    @Override
    public Coder<KV<BigDecimal, Long>> getDefaultOutputCoder(CoderRegistry registry, Coder<BigDecimal> input) {
      return CODER;
    }
  }
}

package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.MonthlyChurn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * monthly_churn: a row for every month from the first to the last with a paid order. churned =
 * customers active (with a paid order) in the month and not in the next; churn_pct = churned /
 * active × 100, HALF_UP to 2 places. Both are null for the last month, whose next month is not
 * known yet, and churn_pct is null when no one was active.
 */
public class MeasureMonthlyChurn
    extends PTransform<PCollection<KV<String, List<String>>>, PCollection<MonthlyChurn>> {
  private static final int ACTIVE = 0;
  private static final int CHURNED = 1;

  @Override
  public PCollection<MonthlyChurn> expand(PCollection<KV<String, List<String>>> activeMonthsPerCustomer) {
    return activeMonthsPerCustomer
        .apply("CountActiveAndChurned", Combine.globally(new ChurnCountsFn()).withoutDefaults())
        .apply(
            "EveryMonthFirstToLast",
            FlatMapElements.into(TypeDescriptor.of(MonthlyChurn.class)).via(MeasureMonthlyChurn::rows));
  }

  static List<MonthlyChurn> rows(MonthCounts counts) {
    List<MonthlyChurn> rows = new ArrayList<>();
    String last = counts.months.lastKey();
    for (String month : Months.range(counts.months.firstKey(), last)) {
      long active = counts.get(month, ACTIVE);
      if (month.equals(last)) {
        rows.add(MonthlyChurn.create(month, active, null, null));
      } else {
        long churned = counts.get(month, CHURNED);
        rows.add(MonthlyChurn.create(month, active, churned, active == 0 ? null : Months.percent(churned, active)));
      }
    }
    return rows;
  }

  /** Per month, the customers active in it and those of them not active in the next month. */
  static class ChurnCountsFn extends Combine.CombineFn<KV<String, List<String>>, MonthCounts, MonthCounts> {
    @Override
    public MonthCounts createAccumulator() {
      return new MonthCounts(2);
    }

    @Override
    public MonthCounts addInput(MonthCounts counts, KV<String, List<String>> customer) {
      Set<String> active = new HashSet<>(customer.getValue());
      for (String month : active) {
        counts.add(month, ACTIVE, 1);
        counts.add(month, CHURNED, active.contains(Months.plus(month, 1)) ? 0 : 1);
      }
      return counts;
    }

    @Override
    public MonthCounts mergeAccumulators(Iterable<MonthCounts> accumulators) {
      MonthCounts merged = createAccumulator();
      accumulators.forEach(merged::mergeFrom);
      return merged;
    }

    @Override
    public MonthCounts extractOutput(MonthCounts counts) {
      return counts;
    }

    @Override
    public Coder<MonthCounts> getAccumulatorCoder(CoderRegistry registry, Coder<KV<String, List<String>>> input) {
      return SerializableCoder.of(MonthCounts.class);
    }

    @Override
    public Coder<MonthCounts> getDefaultOutputCoder(CoderRegistry registry, Coder<KV<String, List<String>>> input) {
      return SerializableCoder.of(MonthCounts.class);
    }
  }
}

package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.CohortRetention;
import java.util.ArrayList;
import java.util.List;
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
 * cohort_retention: a customer's cohort is the month of their first paid order. For each cohort,
 * rows for months_since 0..6 while cohort_month + months_since is not after the last month with a
 * paid order; active_customers = cohort members with a paid order in that month, retention_pct =
 * active / cohort_size × 100, HALF_UP to 2 places (month 0 is 100.00).
 */
public class MeasureCohortRetention
    extends PTransform<PCollection<KV<String, List<String>>>, PCollection<CohortRetention>> {
  static final int MAX_MONTHS_SINCE = 6;

  @Override
  public PCollection<CohortRetention> expand(PCollection<KV<String, List<String>>> activeMonthsPerCustomer) {
    return activeMonthsPerCustomer
        .apply("CountCohortsAndReturns", Combine.globally(new CohortCountsFn()).withoutDefaults())
        .apply(
            "RowsUpToTheLastMonth",
            FlatMapElements.into(TypeDescriptor.of(CohortRetention.class)).via(MeasureCohortRetention::rows));
  }

  static List<CohortRetention> rows(MonthCounts cohorts) {
    List<CohortRetention> rows = new ArrayList<>();
    cohorts.months.forEach(
        (cohort, active) -> {
          long size = active[0];
          for (int since = 0;
              since <= MAX_MONTHS_SINCE && Months.plus(cohort, since).compareTo(cohorts.last) <= 0;
              since++) {
            rows.add(CohortRetention.create(cohort, since, size, active[since], Months.percent(active[since], size)));
          }
        });
    return rows;
  }

  /** Per cohort month, the members active 0..6 months later (slot 0: the cohort's size). */
  static class CohortCountsFn extends Combine.CombineFn<KV<String, List<String>>, MonthCounts, MonthCounts> {
    @Override
    public MonthCounts createAccumulator() {
      return new MonthCounts(MAX_MONTHS_SINCE + 1);
    }

    @Override
    public MonthCounts addInput(MonthCounts counts, KV<String, List<String>> customer) {
      List<String> months = customer.getValue();
      String cohort = months.get(0);
      for (String month : months) {
        long since = Months.between(cohort, month);
        if (since <= MAX_MONTHS_SINCE) {
          counts.add(cohort, (int) since, 1);
        }
      }
      counts.seen(months.get(months.size() - 1));
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

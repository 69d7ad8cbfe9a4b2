package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.MonthlyRevenue;
import io.salespipelines.schemas.RevenueMom;
import io.salespipelines.transforms.common.GatherAll;
import java.math.BigDecimal;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * revenue_mom: a row for every calendar month from the first to the last month with a paid order,
 * a month without one at revenue 0.00. prev_revenue is the previous calendar month's revenue (null
 * for the first month); mom_growth_pct = (revenue − prev_revenue) / prev_revenue × 100, HALF_UP to
 * 2 places, null when prev_revenue is null or 0 (or when the growth does not fit DECIMAL(18,2));
 * running_revenue is the cumulative sum.
 */
public class CompareRevenueMonthOverMonth
    extends PTransform<PCollection<MonthlyRevenue>, PCollection<RevenueMom>> {
  @Override
  public PCollection<RevenueMom> expand(PCollection<MonthlyRevenue> monthlyRevenue) {
    return monthlyRevenue
        .apply("AllMonths", new GatherAll<>())
        .apply("EveryMonthFirstToLast", ParDo.of(new MonthSeriesFn()));
  }

  static class MonthSeriesFn extends DoFn<Iterable<MonthlyRevenue>, RevenueMom> {
    @ProcessElement
    public void process(@Element Iterable<MonthlyRevenue> months, OutputReceiver<RevenueMom> out) {
      TreeMap<String, BigDecimal> revenue = new TreeMap<>();
      months.forEach(m -> revenue.put(m.getMonth(), m.getRevenue()));
      if (revenue.isEmpty()) {
        return;
      }
      BigDecimal zero = BigDecimal.ZERO.setScale(2);
      BigDecimal previous = null;
      BigDecimal running = zero;
      for (String month : Months.range(revenue.firstKey(), revenue.lastKey())) {
        BigDecimal current = revenue.getOrDefault(month, zero);
        running = running.add(current);
        BigDecimal growth =
            previous == null || previous.signum() == 0 ? null : Months.growth(current, previous);
        out.output(RevenueMom.create(month, current, previous, growth, running));
        previous = current;
      }
    }
  }
}

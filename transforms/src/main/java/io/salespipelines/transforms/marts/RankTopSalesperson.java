package io.salespipelines.transforms.marts;

import io.salespipelines.schemas.SalesTeamIncentive;
import io.salespipelines.transforms.common.GroupByKeyInBuckets;
import io.salespipelines.transforms.marts.GroupKeys.StoreMonth;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Gives the top performer of each store and month {@code incentive = total_sales x rate}, rounded
 * HALF_UP to cents; a tie gives every tied person the incentive; everyone else gets 0.00.
 */
public class RankTopSalesperson
    extends PTransform<PCollection<SalesTeamIncentive>, PCollection<SalesTeamIncentive>> {
  private final BigDecimal rate;
  private final int buckets;

  public RankTopSalesperson(BigDecimal rate, int buckets) {
    this.rate = rate;
    this.buckets = buckets;
  }

  @Override
  public PCollection<SalesTeamIncentive> expand(PCollection<SalesTeamIncentive> totals) {
    return totals
        .apply(
            "KeyByStoreMonth",
            WithKeys.of((SalesTeamIncentive t) -> new StoreMonth(t.getStoreId(), t.getYear(), t.getMonth()))
                .withKeyType(TypeDescriptor.of(StoreMonth.class)))
        .setCoder(KvCoder.of(StoreMonth.CODER, totals.getCoder()))
        .apply("GroupStoreMonth", new GroupByKeyInBuckets<>(buckets))
        .apply("Rank", ParDo.of(new RankFn(rate)))
        .setCoder(totals.getCoder());
  }

  static class RankFn extends DoFn<KV<StoreMonth, Iterable<SalesTeamIncentive>>, SalesTeamIncentive> {
    private static final BigDecimal NONE = BigDecimal.ZERO.setScale(2);
    private final BigDecimal rate;

    RankFn(BigDecimal rate) {
      this.rate = rate;
    }

    @ProcessElement
    public void process(
        @Element KV<StoreMonth, Iterable<SalesTeamIncentive>> storeMonth,
        OutputReceiver<SalesTeamIncentive> out) {
      List<SalesTeamIncentive> people = new ArrayList<>();
      BigDecimal best = null;
      for (SalesTeamIncentive person : storeMonth.getValue()) {
        people.add(person);
        if (best == null || person.getTotalSales().compareTo(best) > 0) {
          best = person.getTotalSales();
        }
      }
      for (SalesTeamIncentive p : people) {
        BigDecimal incentive =
            p.getTotalSales().compareTo(best) == 0
                ? p.getTotalSales().multiply(rate).setScale(2, RoundingMode.HALF_UP)
                : NONE;
        out.output(
            SalesTeamIncentive.create(
                p.getStoreId(), p.getSalesPersonId(), p.getFirstName(), p.getLastName(), p.getYear(), p.getMonth(),
                p.getTotalSales(), incentive));
      }
    }
  }
}

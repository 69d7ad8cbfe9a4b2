package io.salespipelines.transforms.marts;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.schemas.ErrorType;
import io.salespipelines.schemas.ValueLimits;
import io.salespipelines.transforms.common.WithSentinel;
import io.salespipelines.transforms.marts.GroupKeys.MartTotal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Rejects the sales that would push a total of the marts past what DECIMAL(18,2) holds, so that
 * one absurd customer costs dead letters, not everyone's marts. The totals are those the marts
 * compute over all sales accepted so far: customer_monthly_spend per customer and month,
 * sales_team_incentive per store, sales person and month (whose incentive, total x rate, must fit
 * too), and store_product_sales per store and product.
 *
 * <p>Within a group that would overflow, this run's sales are taken in (source, line) order on top
 * of what earlier runs accepted, and a sale that would take the running total over the limit is an
 * {@code invalid_value} dead letter (field total_cost); later, smaller sales may still fit. Each
 * grouping decides on its own, so a sale that pushes any of its three totals over is rejected.
 *
 * <p>Real sales are far from the limit. The grand total of all amounts is computed first; while it
 * fits, no group can overflow and no group total is computed at all. What earlier runs accepted
 * comes from their marts (one total per group; their store_product_sales totals add up to the
 * grand total), not from their sales.
 */
public class RejectOverflowingSales
    extends PTransform<PCollection<EnrichedSale>, WithFailures.Result<PCollection<EnrichedSale>, DeadLetter>> {
  private static final TupleTag<EnrichedSale> KEPT = new TupleTag<EnrichedSale>() {};
  private static final TupleTag<DeadLetter> REJECTED = new TupleTag<DeadLetter>() {};

  static final String CUSTOMER_MONTHLY_SPEND = "customer_monthly_spend";
  static final String SALES_TEAM_INCENTIVE = "sales_team_incentive";
  static final String STORE_PRODUCT_SALES = "store_product_sales";

  private static final Comparator<EnrichedSale> FILE_ORDER =
      Comparator.comparing(EnrichedSale::getSource).thenComparingLong(EnrichedSale::getLine);

  private static final Coder<KV<MartTotal, BigDecimal>> KEYED_MONEY =
      KvCoder.of(MartTotal.CODER, BigDecimalCoder.of());
  private static final TypeDescriptor<KV<MartTotal, BigDecimal>> KEYED_MONEY_TYPE =
      TypeDescriptors.kvs(TypeDescriptor.of(MartTotal.class), TypeDescriptor.of(BigDecimal.class));

  private final EarlierMarts earlier;
  private final BigDecimal incentiveRate;
  private final int buckets;

  /**
   * @param earlier the marts earlier runs left, whose totals this run's sales add to
   * @param incentiveRate the top performer's share: a sales team total must fit after it is applied
   * @param buckets shuffle buckets of the group sums (see {@link SumPerGroup})
   */
  public RejectOverflowingSales(EarlierMarts earlier, BigDecimal incentiveRate, int buckets) {
    this.earlier = earlier;
    this.incentiveRate = incentiveRate;
    this.buckets = buckets;
  }

  @Override
  public WithFailures.Result<PCollection<EnrichedSale>, DeadLetter> expand(PCollection<EnrichedSale> sales) {
    Limits limits = new Limits(incentiveRate);
    PCollectionView<BigDecimal> grandTotal =
        sales
            .apply("GrandTotal", new SumAllAmounts(earlier.storeProductSales))
            .apply("AsSingleton", View.asSingleton());
    PCollection<KV<MartTotal, BigDecimal>> earlierTotals =
        PCollectionList.of(
                earlier.customerMonthlySpend
                    .apply("EarlierSpendTotals", MapElements.into(KEYED_MONEY_TYPE)
                        .via(r -> KV.of(MartTotal.customerMonth(r.getCustomerId(), r.getYear(), r.getMonth()),
                            r.getMonthlyTotal())))
                    .setCoder(KEYED_MONEY))
            .and(
                earlier.salesTeamIncentive
                    .apply("EarlierTeamTotals", MapElements.into(KEYED_MONEY_TYPE)
                        .via(r -> KV.of(MartTotal.salesPersonMonth(r.getStoreId(), r.getSalesPersonId(), r.getYear(),
                            r.getMonth()), r.getTotalSales())))
                    .setCoder(KEYED_MONEY))
            .and(
                earlier.storeProductSales
                    .apply("EarlierProductTotals", MapElements.into(KEYED_MONEY_TYPE)
                        .via(r -> KV.of(MartTotal.storeProduct(r.getStoreId(), r.getProductId()), r.getTotalSales())))
                    .setCoder(KEYED_MONEY))
            .apply("EarlierTotals", Flatten.pCollections());
    PCollection<KV<MartTotal, BigDecimal>> runAmounts =
        sales
            .apply(
                "AmountsPerGroup",
                ParDo.of(new AmountsPerGroupFn(grandTotal, limits)).withSideInputs(grandTotal))
            .setCoder(KEYED_MONEY);
    PCollectionView<Map<MartTotal, BigDecimal>> overflowing =
        PCollectionList.of(
                earlierTotals
                    .apply(
                        "EarlierTotalsIfNear",
                        ParDo.of(new IfNearTheLimitFn(grandTotal, limits)).withSideInputs(grandTotal))
                    .setCoder(KEYED_MONEY))
            .and(runAmounts)
            .apply("TotalsSoFar", Flatten.pCollections())
            .apply("SumPerGroup", new SumPerGroup<>(buckets, MartTotal.CODER))
            .apply("OverTheLimit", ParDo.of(new OverTheLimitFn(limits)))
            .setCoder(KEYED_MONEY)
            .apply("WithSentinelGroup", new WithSentinel<>(KV.of(SENTINEL_GROUP, BigDecimal.ZERO), KEYED_MONEY))
            .apply("AsMap", View.asMap());

    // One pass decides every sale, so the accepted sales are a plain ParDo output (no Flatten:
    // on the Spark runner a Flatten in front of FileIO's runner-determined sharding lost files).
    PCollectionView<Map<String, Iterable<String>>> rejections =
        sales
            .apply(
                "SalesInThoseGroups",
                ParDo.of(new SalesInGroupsFn(overflowing)).withSideInputs(overflowing))
            .setCoder(KvCoder.of(MartTotal.CODER, sales.getCoder()))
            .apply("GroupThem", GroupByKey.create())
            .apply(
                "RunningTotals",
                ParDo.of(new RunningTotalFn(overflowing, limits)).withSideInputs(overflowing))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
            .apply("WithSentinelId", new WithSentinel<>(KV.of("", ""), KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())))
            .apply("AsMultimap", View.asMultimap());
    PCollectionTuple decided =
        sales.apply(
            "Decide",
            ParDo.of(new DecideFn(rejections))
                .withSideInputs(rejections)
                .withOutputTags(KEPT, TupleTagList.of(REJECTED)));
    decided.get(KEPT).setCoder(sales.getCoder());
    return WithFailures.Result.of(decided.get(KEPT), decided.get(REJECTED));
  }

  /**
   * A group key no sale has and a transaction id no sale has (ids are never empty): one entry that
   * keeps each side input from being empty. On the Direct runner, a ParDo waiting for a side input
   * made from an empty collection now and then never resumed (the run spun for good).
   */
  static final MartTotal SENTINEL_GROUP = new MartTotal("", "", "", "", "", 0, 0);

  /**
   * Whether a grand total of amounts (see {@link SumAllAmounts}) this large could take any total
   * of the marts past what it may hold; while it cannot, this transform rejects nothing, and a
   * pipeline may skip it and check this at the end instead.
   */
  public static boolean mayOverflow(BigDecimal grandTotal, BigDecimal incentiveRate) {
    return grandTotal.compareTo(new Limits(incentiveRate).smallest()) > 0;
  }

  /** The most each kind of total may reach. */
  static final class Limits implements java.io.Serializable {
    final BigDecimal salesTeam;

    Limits(BigDecimal incentiveRate) {
      this.salesTeam =
          incentiveRate.compareTo(BigDecimal.ONE) <= 0
              ? ValueLimits.MAX_MONEY
              : ValueLimits.MAX_MONEY.divide(incentiveRate, 2, RoundingMode.DOWN);
    }

    BigDecimal of(MartTotal group) {
      return group.mart().equals(SALES_TEAM_INCENTIVE) ? salesTeam : ValueLimits.MAX_MONEY;
    }

    BigDecimal smallest() {
      return salesTeam.min(ValueLimits.MAX_MONEY);
    }
  }

  /** The groups a sale counts in, one per total of the marts. */
  static List<MartTotal> groups(EnrichedSale s) {
    return List.of(
        MartTotal.customerMonth(s.getCustomerId(), s.getSalesYear(), s.getSalesMonth()),
        MartTotal.salesPersonMonth(s.getStoreId(), s.getSalesPersonId(), s.getSalesYear(), s.getSalesMonth()),
        MartTotal.storeProduct(s.getStoreId(), s.getProductId()));
  }

  static String month(int year, int month) {
    return String.format("%04d-%02d", year, month);
  }

  /** Passes earlier group totals on only when the grand total is past the smallest limit. */
  static final class IfNearTheLimitFn extends DoFn<KV<MartTotal, BigDecimal>, KV<MartTotal, BigDecimal>> {
    private final PCollectionView<BigDecimal> grandTotal;
    private final Limits limits;

    IfNearTheLimitFn(PCollectionView<BigDecimal> grandTotal, Limits limits) {
      this.grandTotal = grandTotal;
      this.limits = limits;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      if (c.sideInput(grandTotal).compareTo(limits.smallest()) > 0) { // as mayOverflow
        c.output(c.element());
      }
    }
  }

  /** Emits each sale's amount per group, only when the grand total is past the smallest limit. */
  static final class AmountsPerGroupFn extends DoFn<EnrichedSale, KV<MartTotal, BigDecimal>> {
    private final PCollectionView<BigDecimal> grandTotal;
    private final Limits limits;

    AmountsPerGroupFn(PCollectionView<BigDecimal> grandTotal, Limits limits) {
      this.grandTotal = grandTotal;
      this.limits = limits;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      if (c.sideInput(grandTotal).compareTo(limits.smallest()) <= 0) {
        return;
      }
      for (MartTotal group : groups(c.element())) {
        c.output(KV.of(group, c.element().getTotalCost()));
      }
    }
  }

  static final class OverTheLimitFn
      extends DoFn<KV<MartTotal, KV<BigDecimal, Long>>, KV<MartTotal, BigDecimal>> {
    private final Limits limits;

    OverTheLimitFn(Limits limits) {
      this.limits = limits;
    }

    @ProcessElement
    public void process(
        @Element KV<MartTotal, KV<BigDecimal, Long>> total, OutputReceiver<KV<MartTotal, BigDecimal>> out) {
      if (total.getValue().getKey().compareTo(limits.of(total.getKey())) > 0) {
        out.output(KV.of(total.getKey(), total.getValue().getKey()));
      }
    }
  }

  /** Each sale in an overflowing group, once per such group it is in. */
  static final class SalesInGroupsFn extends DoFn<EnrichedSale, KV<MartTotal, EnrichedSale>> {
    private final PCollectionView<Map<MartTotal, BigDecimal>> overflowing;

    SalesInGroupsFn(PCollectionView<Map<MartTotal, BigDecimal>> overflowing) {
      this.overflowing = overflowing;
    }

    // The Direct runner builds a map side input anew on every access: once per bundle is enough.
    private transient Map<MartTotal, BigDecimal> overOfBundle;

    @StartBundle
    public void startBundle() {
      overOfBundle = null;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      if (overOfBundle == null) {
        overOfBundle = c.sideInput(overflowing);
      }
      Map<MartTotal, BigDecimal> over = overOfBundle;
      if (over.size() <= 1) {
        return; // only the sentinel
      }
      for (MartTotal group : groups(c.element())) {
        if (over.containsKey(group)) {
          c.output(KV.of(group, c.element()));
        }
      }
    }
  }

  /**
   * Adds a group's sales of this run in file order to what earlier runs accepted (the group's
   * total less this run's sales) and names, by transaction_id, each that would take it over.
   */
  static final class RunningTotalFn extends DoFn<KV<MartTotal, Iterable<EnrichedSale>>, KV<String, String>> {
    private final PCollectionView<Map<MartTotal, BigDecimal>> overflowing;
    private final Limits limits;

    RunningTotalFn(PCollectionView<Map<MartTotal, BigDecimal>> overflowing, Limits limits) {
      this.overflowing = overflowing;
      this.limits = limits;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      MartTotal group = c.element().getKey();
      List<EnrichedSale> sales = new ArrayList<>();
      BigDecimal running = c.sideInput(overflowing).get(group);
      for (EnrichedSale sale : c.element().getValue()) {
        sales.add(sale);
        running = running.subtract(sale.getTotalCost());
      }
      sales.sort(FILE_ORDER);
      BigDecimal limit = limits.of(group);
      for (EnrichedSale sale : sales) {
        BigDecimal next = running.add(sale.getTotalCost());
        if (next.compareTo(limit) > 0) {
          c.output(
              KV.of(
                  sale.getTransactionId(),
                  "total_cost " + sale.getTotalCost() + " would take " + describe(group) + " from " + running
                      + " to " + next + ", past " + limit + " (DECIMAL(18,2))"));
        } else {
          running = next;
        }
      }
    }

    private static String describe(MartTotal group) {
      switch (group.mart()) {
        case CUSTOMER_MONTHLY_SPEND:
          return "the customer_monthly_spend total of customer_id '" + group.customerId() + "' in "
              + month(group.year(), group.month());
        case SALES_TEAM_INCENTIVE:
          return "the sales_team_incentive total of sales_person_id '" + group.salesPersonId() + "' in store_id '"
              + group.storeId() + "' in " + month(group.year(), group.month());
        default:
          return "the store_product_sales total of store_id '" + group.storeId() + "' and product_id '"
              + group.productId() + "'";
      }
    }
  }

  static final class DecideFn extends DoFn<EnrichedSale, EnrichedSale> {
    private final PCollectionView<Map<String, Iterable<String>>> rejections;

    DecideFn(PCollectionView<Map<String, Iterable<String>>> rejections) {
      this.rejections = rejections;
    }

    // The Direct runner builds a map side input anew on every access: once per bundle is enough.
    private transient Map<String, Iterable<String>> rejectionsOfBundle;

    @StartBundle
    public void startBundle() {
      rejectionsOfBundle = null;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      EnrichedSale sale = c.element();
      if (rejectionsOfBundle == null) {
        rejectionsOfBundle = c.sideInput(rejections);
      }
      Iterable<String> reasons = rejectionsOfBundle.get(sale.getTransactionId());
      if (reasons == null) {
        c.output(sale);
        return;
      }
      String first = null;
      for (String reason : reasons) {
        first = first == null || reason.compareTo(first) < 0 ? reason : first;
      }
      c.output(
          REJECTED,
          DeadLetter.of(
              sale.getSource(), sale.getLine(), ErrorType.INVALID_VALUE, "total_cost",
              first,
              sale.getRaw()));
    }
  }
}

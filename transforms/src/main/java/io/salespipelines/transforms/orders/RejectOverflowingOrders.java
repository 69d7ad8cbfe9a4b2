package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.ErrorType;
import io.salespipelines.schemas.FactOrder;
import io.salespipelines.schemas.Order;
import io.salespipelines.schemas.ValueLimits;
import io.salespipelines.transforms.common.SumMoney;
import io.salespipelines.transforms.common.WithSentinel;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Rejects the paid orders that would take the revenue of all paid orders so far past what
 * DECIMAL(18,2) holds, so that one absurd order costs a dead letter, not the run (the metric
 * tables could not be written, and the run failed again on every retry). Every revenue total of
 * the metrics (a month's, the running revenue, a category's) is at most that sum, since order
 * totals are never negative: while it fits, they all do.
 *
 * <p>This run's paid orders are taken in file order (source, then position in the file) on top of
 * what earlier runs accepted; one that would take the sum over the limit is an {@code
 * invalid_value} dead letter (field items, whose line totals make the order's total), and later,
 * smaller ones may still fit. Orders that are not paid count in no revenue and always pass.
 *
 * <p>Meant for a run's exact form only ({@link #mayOverflow}): it gathers the run's paid orders'
 * totals under one key, which real revenue, far below the limit, never needs.
 */
public class RejectOverflowingOrders
    extends PTransform<PCollection<Order>, WithFailures.Result<PCollection<Order>, DeadLetter>> {
  private static final TupleTag<Order> KEPT = new TupleTag<Order>() {};
  private static final TupleTag<DeadLetter> REJECTED = new TupleTag<DeadLetter>() {};

  private final PCollection<FactOrder> earlier;

  /** @param earlier the orders earlier runs accepted, whose paid revenue this run's adds to */
  public RejectOverflowingOrders(PCollection<FactOrder> earlier) {
    this.earlier = earlier;
  }

  /** Whether revenue of all paid orders this large would not fit a metric's DECIMAL(18,2). */
  public static boolean mayOverflow(BigDecimal paidRevenue) {
    return paidRevenue.compareTo(ValueLimits.MAX_MONEY) > 0;
  }

  @Override
  public WithFailures.Result<PCollection<Order>, DeadLetter> expand(PCollection<Order> orders) {
    PCollectionView<BigDecimal> earlierRevenue =
        earlier
            .apply("EarlierPaidOrders", Filter.by(FactOrder::isPaid))
            .apply("EarlierTotals", MapElements.into(TypeDescriptors.bigdecimals()).via(FactOrder::getOrderTotal))
            .setCoder(BigDecimalCoder.of())
            .apply("EarlierRevenue", new SumMoney())
            .apply("EarlierRevenueView", View.asSingleton());
    KvCoder<String, String> reasonById = KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());
    PCollectionView<Map<String, String>> rejections =
        orders
            .apply("PaidOrderTotals", ParDo.of(new PaidTotalFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(),
                KvCoder.of(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()),
                    KvCoder.of(StringUtf8Coder.of(), BigDecimalCoder.of()))))
            .apply("UnderOneKey", GroupByKey.create())
            .apply("RunningRevenue", ParDo.of(new RunningRevenueFn(earlierRevenue)).withSideInputs(earlierRevenue))
            .setCoder(reasonById)
            // Order ids are never empty.
            .apply("WithSentinel", new WithSentinel<>(KV.of("", ""), reasonById))
            .apply("AsMap", View.asMap());
    PCollectionTuple decided =
        orders.apply(
            "Decide",
            ParDo.of(new DecideFn(rejections)).withSideInputs(rejections).withOutputTags(KEPT, TupleTagList.of(REJECTED)));
    decided.get(KEPT).setCoder(orders.getCoder());
    return WithFailures.Result.of(decided.get(KEPT), decided.get(REJECTED));
  }

  /** A paid order as ((source, position), (order_id, total)), all under one key. */
  static final class PaidTotalFn extends DoFn<Order, KV<String, KV<KV<String, Long>, KV<String, BigDecimal>>>> {
    @ProcessElement
    public void process(@Element Order order, OutputReceiver<KV<String, KV<KV<String, Long>, KV<String, BigDecimal>>>> out) {
      if (FactOrder.PAID.equals(order.getPaymentStatus())) {
        out.output(KV.of("", KV.of(KV.of(order.getSource(), order.getOrdinal()),
            KV.of(order.getOrderId(), FlattenOrders.orderTotal(order)))));
      }
    }
  }

  /** The orders, in file order, that would take the running revenue past the limit: id to reason. */
  static final class RunningRevenueFn
      extends DoFn<KV<String, Iterable<KV<KV<String, Long>, KV<String, BigDecimal>>>>, KV<String, String>> {
    private static final Comparator<KV<KV<String, Long>, KV<String, BigDecimal>>> FILE_ORDER =
        Comparator.comparing((KV<KV<String, Long>, KV<String, BigDecimal>> o) -> o.getKey().getKey())
            .thenComparingLong(o -> o.getKey().getValue());

    private final PCollectionView<BigDecimal> earlierRevenue;

    RunningRevenueFn(PCollectionView<BigDecimal> earlierRevenue) {
      this.earlierRevenue = earlierRevenue;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      List<KV<KV<String, Long>, KV<String, BigDecimal>>> paid = new ArrayList<>();
      c.element().getValue().forEach(paid::add);
      paid.sort(FILE_ORDER);
      BigDecimal revenue = c.sideInput(earlierRevenue);
      for (KV<KV<String, Long>, KV<String, BigDecimal>> order : paid) {
        BigDecimal total = order.getValue().getValue();
        BigDecimal after = revenue.add(total);
        if (after.compareTo(ValueLimits.MAX_MONEY) > 0) {
          c.output(KV.of(order.getValue().getKey(),
              "the order's total " + total.toPlainString() + " would take the revenue of all paid orders from "
                  + revenue.toPlainString() + " to " + after.toPlainString() + ", past "
                  + ValueLimits.MAX_MONEY.toPlainString() + " (DECIMAL(18,2)), which the metrics could not hold"));
        } else {
          revenue = after;
        }
      }
    }
  }

  static final class DecideFn extends DoFn<Order, Order> {
    private final PCollectionView<Map<String, String>> rejections;
    // The Direct runner builds a map side input anew on every access: once per bundle is enough.
    private transient Map<String, String> rejectionsOfBundle;

    DecideFn(PCollectionView<Map<String, String>> rejections) {
      this.rejections = rejections;
    }

    @StartBundle
    public void startBundle() {
      rejectionsOfBundle = null;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      Order order = c.element();
      if (rejectionsOfBundle == null) {
        rejectionsOfBundle = c.sideInput(rejections);
      }
      String reason = rejectionsOfBundle.get(order.getOrderId());
      if (reason == null) {
        c.output(order);
      } else {
        c.output(REJECTED, DeadLetter.of(
            order.getSource(), order.getLine(), ErrorType.INVALID_VALUE, "items", reason, order.getRaw()));
      }
    }
  }
}

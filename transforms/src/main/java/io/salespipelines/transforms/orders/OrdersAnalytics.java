package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.CategorySalesMonthly;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.FactOrder;
import io.salespipelines.schemas.FactOrderItem;
import io.salespipelines.schemas.Order;
import io.salespipelines.schemas.OrderItem;
import io.salespipelines.transforms.common.FilesReadPerPass;
import io.salespipelines.transforms.common.Reread;
import io.salespipelines.transforms.dedup.EarlierKeys;
import io.salespipelines.transforms.write.CountOutcomes;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The data side of {@code orders-analytics} (SPEC 2): this run's order files, together with the
 * orders earlier runs accepted (read back from the committed fact_orders table, see {@link
 * ReadFactOrders}) and the category_sales_monthly table they left, become this run's rows of the two
 * fact tables, the six metric tables over everything accepted so far, and the dead letters. Earlier
 * item lines are not read: their units and revenue are in the earlier category table already,
 * which this run's items are added to (item lines are the largest table of the state).
 *
 * <p>Input tags: {@link #FILES} (paths of this run's input files), {@link #EARLIER_ORDERS}, {@link
 * #EARLIER_CATEGORY_SALES}. Output tags: {@link #FACT_ORDERS} and {@link #FACT_ORDER_ITEMS} (this run's
 * rows, to be added to the tables), the metric tags of {@link ComputeOrderMetrics} (whole tables),
 * {@link #DEAD_LETTERS}, and for the counts {@link #ACCEPTED} and {@link #ITEMS_READ}.
 */
public class OrdersAnalytics extends PTransform<PCollectionTuple, PCollectionTuple> {
  public static final TupleTag<String> FILES = new TupleTag<String>() {};
  public static final TupleTag<FactOrder> EARLIER_ORDERS = new TupleTag<FactOrder>() {};
  public static final TupleTag<CategorySalesMonthly> EARLIER_CATEGORY_SALES =
      ComputeOrderMetrics.EARLIER_CATEGORY_SALES;

  public static final TupleTag<FactOrder> FACT_ORDERS = FlattenOrders.FACT_ORDERS;
  public static final TupleTag<FactOrderItem> FACT_ORDER_ITEMS = FlattenOrders.FACT_ORDER_ITEMS;
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<DeadLetter>() {};
  /** This run's accepted orders (valid, not duplicates). */
  public static final TupleTag<Order> ACCEPTED = new TupleTag<Order>() {};
  /** The item lines of this run's accepted orders, as read (before flattening). */
  public static final TupleTag<OrderItem> ITEMS_READ = new TupleTag<OrderItem>() {};

  /** Count labels: {@code items_read} must equal {@code items_written}. */
  public static final String ITEMS_READ_LABEL = "items_read";
  public static final String ITEMS_WRITTEN_LABEL = "items_written";

  private final int buckets;
  private final boolean readFilesAgain;
  private final boolean rejectingOverflow;
  private transient int reads = 1;

  /** @param buckets shuffle buckets of the steps with many keys (order ids, customers) */
  public OrdersAnalytics(int buckets) {
    this(buckets, false, false);
  }

  private OrdersAnalytics(int buckets, boolean readFilesAgain, boolean rejectingOverflow) {
    this.buckets = buckets;
    this.readFilesAgain = readFilesAgain;
    this.rejectingOverflow = rejectingOverflow;
  }

  /**
   * The exact form: paid orders that would take the revenue of all paid orders past DECIMAL(18,2)
   * are {@code invalid_value} dead letters ({@link RejectOverflowingOrders}). For a run whose
   * revenue so far may not fit (checked after the usual form ran: real revenue never needs it).
   */
  public OrdersAnalytics rejectingOverflow() {
    return new OrdersAnalytics(buckets, readFilesAgain, true);
  }

  /**
   * The same tables, found without holding this run's orders in memory until every order is read:
   * each pass of the duplicate check ({@link DeduplicateOrders#rereading}) reads the files afresh
   * once what it needs is complete ({@link FilesReadPerPass} of {@link ReadOrders}), three reads in all. Meant for the Direct
   * runner, which keeps every element waiting for a side input in its heap (there, every order);
   * not the job's choice yet: measured, parsed orders queued between the reader and {@link
   * ValidateOrder} (the Direct runner has no backpressure) took more heap than the orders it saves.
   */
  public OrdersAnalytics readingFilesAgain() {
    return new OrdersAnalytics(buckets, true, rejectingOverflow);
  }

  /** How many times the pipeline reads the files (after {@link #expand}): the progress counters add up over them. */
  public int inputReads() {
    return reads;
  }

  @Override
  public PCollectionTuple expand(PCollectionTuple input) {
    PCollection<FactOrder> earlierOrders = input.get(EARLIER_ORDERS);
    PCollection<String> earlierIds =
        earlierOrders.apply("EarlierOrderIds",
            MapElements.into(TypeDescriptors.strings()).via(FactOrder::getOrderId));

    WithFailures.Result<PCollection<Order>, DeadLetter> deduplicated;
    PCollection<DeadLetter> readDeadLetters;
    if (readFilesAgain) {
      FilesReadPerPass<Order> orders = new FilesReadPerPass<>(input.get(FILES), ReadOrders::new);
      deduplicated =
          input.getPipeline().apply("DeduplicateOrders",
              new DeduplicateOrders(buckets, null).rereading(orders, EarlierKeys.of(earlierIds)));
      readDeadLetters = orders.lastDeadLetters();
      reads = orders.reads();
    } else {
      WithFailures.Result<PCollection<Order>, DeadLetter> validated = input.get(FILES).apply("ReadOrders", new ReadOrders());
      deduplicated = validated.output().apply("DeduplicateOrders", new DeduplicateOrders(buckets, earlierIds));
      readDeadLetters = validated.failures();
      reads = 1;
    }
    PCollection<Order> accepted = deduplicated.output();
    PCollectionList<DeadLetter> deadLetters = PCollectionList.of(readDeadLetters).and(deduplicated.failures());
    if (rejectingOverflow) {
      WithFailures.Result<PCollection<Order>, DeadLetter> fitting =
          accepted.apply("RejectOverflowingOrders", new RejectOverflowingOrders(earlierOrders));
      accepted = fitting.output();
      deadLetters = deadLetters.and(fitting.failures());
    }

    PCollectionTuple facts = accepted.apply("FlattenOrders", new FlattenOrders());
    // Metrics cover every order accepted so far; the fact tables gain this run's only.
    PCollection<FactOrder> ordersSoFar =
        PCollectionList.of(earlierOrders).and(facts.get(FACT_ORDERS))
            .apply("OrdersSoFar", Flatten.pCollections());
    PCollectionTuple metrics =
        PCollectionTuple.of(ComputeOrderMetrics.ORDERS, ordersSoFar)
            .and(ComputeOrderMetrics.ITEMS, facts.get(FACT_ORDER_ITEMS))
            .and(ComputeOrderMetrics.EARLIER_CATEGORY_SALES, input.get(EARLIER_CATEGORY_SALES))
            .apply("ComputeOrderMetrics", new ComputeOrderMetrics(buckets));

    PCollection<OrderItem> itemsRead =
        accepted.apply("ItemsOfAcceptedOrders",
            FlatMapElements.into(TypeDescriptor.of(OrderItem.class)).via(Order::getItems));

    return metrics
        .and(FACT_ORDERS, facts.get(FACT_ORDERS))
        .and(FACT_ORDER_ITEMS, facts.get(FACT_ORDER_ITEMS))
        .and(DEAD_LETTERS, deadLetters.apply("AllDeadLetters", Flatten.pCollections()))
        .and(ACCEPTED, accepted)
        .and(ITEMS_READ, itemsRead);
  }

  /**
   * The run's counts from a result of this transform: {@code valid} (accepted orders), dead
   * letters per type, {@code items_read} and {@code items_written}; orders read = valid + row-level
   * dead letters.
   */
  public static CountOutcomes countOutcomes(PCollectionTuple result, String countsFile, String rejectedFilesFile) {
    return new CountOutcomes(result.get(ACCEPTED), result.get(DEAD_LETTERS), countsFile, rejectedFilesFile)
        .and(ITEMS_READ_LABEL, result.get(ITEMS_READ))
        .and(ITEMS_WRITTEN_LABEL, result.get(FACT_ORDER_ITEMS));
  }
}

package io.salespipelines.transforms.dedup;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.schemas.ErrorType;
import io.salespipelines.transforms.common.GroupByKeyInBuckets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps one sale per transaction_id: the first by (source path, line number), whatever order the
 * runner delivers them in. The others become {@code duplicate} dead letters naming the kept one. An
 * id that an earlier run accepted makes every sale with it a duplicate.
 */
public class DeduplicateTransactions
    extends PTransform<
        PCollection<EnrichedSale>, WithFailures.Result<PCollection<EnrichedSale>, DeadLetter>> {
  static final TupleTag<EnrichedSale> KEPT = new TupleTag<EnrichedSale>() {};
  static final TupleTag<DeadLetter> DUPLICATES = new TupleTag<DeadLetter>() {};

  private final int buckets;
  private final @Nullable PCollection<String> earlierIds;

  /** @param buckets shuffle keys used to bring equal ids together (see {@link GroupByKeyInBuckets}) */
  public DeduplicateTransactions(int buckets) {
    this(buckets, null);
  }

  /** @param earlierIds transaction ids accepted by earlier runs over the same output */
  public DeduplicateTransactions(int buckets, @Nullable PCollection<String> earlierIds) {
    this.buckets = buckets;
    this.earlierIds = earlierIds;
  }

  static final Comparator<EnrichedSale> FILE_ORDER =
      Comparator.comparing(EnrichedSale::getSource).thenComparingLong(EnrichedSale::getLine);

  @Override
  public WithFailures.Result<PCollection<EnrichedSale>, DeadLetter> expand(
      PCollection<EnrichedSale> sales) {
    // An earlier run's id travels as a key with no sale: it always comes first.
    KvCoder<String, EnrichedSale> keyed =
        KvCoder.of(StringUtf8Coder.of(), NullableCoder.of(sales.getCoder()));
    PCollection<KV<String, EnrichedSale>> candidates =
        sales
            .apply(
                "KeyByTransactionId",
                WithKeys.of(EnrichedSale::getTransactionId).withKeyType(TypeDescriptors.strings()))
            .setCoder(keyed);
    if (earlierIds != null) {
      PCollection<KV<String, EnrichedSale>> earlier =
          earlierIds
              .apply(
                  "KeyEarlierIds",
                  MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(EnrichedSale.class)))
                      .via(id -> KV.of(id, (EnrichedSale) null)))
              .setCoder(keyed);
      candidates = PCollectionList.of(candidates).and(earlier).apply("WithEarlierIds", Flatten.pCollections());
    }
    PCollectionTuple result =
        candidates
            .apply("GroupById", new GroupByKeyInBuckets<>(buckets))
            .apply(
                "KeepFirst",
                ParDo.of(new KeepFirstFn()).withOutputTags(KEPT, TupleTagList.of(DUPLICATES)));
    result.get(KEPT).setCoder(sales.getCoder());
    return WithFailures.Result.of(result, KEPT, DUPLICATES);
  }

  static class KeepFirstFn extends DoFn<KV<String, Iterable<EnrichedSale>>, EnrichedSale> {
    @ProcessElement
    public void process(@Element KV<String, Iterable<EnrichedSale>> group, MultiOutputReceiver out) {
      boolean acceptedEarlier = false;
      EnrichedSale first = null;
      List<EnrichedSale> rest = new ArrayList<>(0);
      for (EnrichedSale sale : group.getValue()) {
        if (sale == null) {
          acceptedEarlier = true;
        } else if (first == null) {
          first = sale;
        } else if (FILE_ORDER.compare(sale, first) < 0) {
          rest.add(first);
          first = sale;
        } else {
          rest.add(sale);
        }
      }
      if (first == null) {
        return;
      }
      if (acceptedEarlier) {
        rest.add(first);
      } else {
        out.get(KEPT).output(first);
      }
      String keptAt =
          acceptedEarlier ? "an earlier run" : first.getSource() + " line " + first.getLine();
      for (EnrichedSale duplicate : rest) {
        out.get(DUPLICATES)
            .output(
                DeadLetter.of(
                    duplicate.getSource(), duplicate.getLine(), ErrorType.DUPLICATE, "transaction_id",
                    "transaction_id '" + group.getKey() + "' was already accepted from " + keptAt,
                    duplicate.getRaw()));
      }
    }
  }
}

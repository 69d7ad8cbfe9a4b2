package io.salespipelines.transforms.dedup;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.ErrorType;
import io.salespipelines.transforms.common.GroupByKeyInBuckets;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.Keys;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Keeps one record per key: the first by (source path, line number, position in the file),
 * whatever order the runner delivers them in. The others become {@code duplicate} dead letters
 * naming the kept one. A key that an earlier run accepted makes every record with it a duplicate.
 * Which key and where a record came from is the job's business: see {@link Origin}.
 */
public class DeduplicateByKey<T>
    extends PTransform<PCollection<T>, WithFailures.Result<PCollection<T>, DeadLetter>> {

  /** A record's key and its place in the input, for the ordering and the dead letter. */
  public interface Origin<T> extends Serializable {
    String key(T record);

    String source(T record);

    long line(T record);

    /** Breaks ties between records that start on the same line; 0 where that cannot happen. */
    default long ordinal(T record) {
      return 0;
    }

    String raw(T record);
  }

  // Made outside any instance: an anonymous tag made here would hold this transform (and its
  // collections) and be serialized with the coders. The kept records' coder is set explicitly.
  private final TupleTag<T> kept = new TupleTag<>();
  private static final TupleTag<DeadLetter> DUPLICATES = new TupleTag<DeadLetter>() {};
  private final String keyName;
  private final Origin<T> origin;
  private final int buckets;
  private final @Nullable PCollection<String> earlierKeys;

  /**
   * @param keyName the key's column name, for the dead letters' error_field and message
   * @param buckets shuffle keys used to bring equal keys together (see {@link GroupByKeyInBuckets})
   * @param earlierKeys keys accepted by earlier runs over the same output, or null
   */
  public DeduplicateByKey(
      String keyName, Origin<T> origin, int buckets, @Nullable PCollection<String> earlierKeys) {
    this.keyName = keyName;
    this.origin = origin;
    this.buckets = buckets;
    this.earlierKeys = earlierKeys;
  }

  @Override
  public WithFailures.Result<PCollection<T>, DeadLetter> expand(PCollection<T> records) {
    // A key an earlier run accepted travels with no record: it always comes first.
    Coder<KV<String, T>> keyed = KvCoder.of(StringUtf8Coder.of(), NullableCoder.of(records.getCoder()));
    PCollection<KV<String, T>> candidates =
        records.apply("KeyById", MapElements.via(new KeyFn<>(origin))).setCoder(keyed);
    if (earlierKeys != null) {
      // Only the earlier keys this run has too can matter: a sketch of this run's keys drops the
      // others where they are read, so the shuffle carries this run's records and a few earlier
      // keys, however many earlier runs accepted. (A sentinel key keeps the sketch's input from
      // being empty: a side input made from an empty collection can hang the Direct runner.)
      PCollectionView<BitSet> runKeys =
          PCollectionList.of(
                  candidates.apply("RunKeys", Keys.create()).setCoder(StringUtf8Coder.of()))
              .and(records.getPipeline().apply("SentinelKey", Create.of("").withCoder(StringUtf8Coder.of())))
              .apply("RunKeysAndSentinel", Flatten.pCollections())
              .apply("SketchRunKeys", Combine.globally(new KeySketch.Of()).asSingletonView());
      PCollection<KV<String, T>> earlier =
          earlierKeys
              .apply(
                  "EarlierKeysThisRunMayHave",
                  ParDo.of(new MaybeInRunFn(runKeys)).withSideInputs(runKeys))
              .setCoder(StringUtf8Coder.of())
              .apply("KeyEarlierIds", MapElements.via(new NoRecordFn<T>()))
              .setCoder(keyed);
      candidates = PCollectionList.of(candidates).and(earlier).apply("WithEarlierIds", Flatten.pCollections());
    }
    PCollectionTuple result =
        candidates
            .apply("GroupById", new GroupByKeyInBuckets<>(buckets))
            .apply(
                "KeepFirst",
                ParDo.of(new KeepFirstFn<>(keyName, origin, kept, DUPLICATES))
                    .withOutputTags(kept, TupleTagList.of(DUPLICATES)));
    result.get(kept).setCoder(records.getCoder());
    return WithFailures.Result.of(result, kept, DUPLICATES);
  }

  static class KeyFn<T> extends SimpleFunction<T, KV<String, T>> {
    private final Origin<T> origin;

    KeyFn(Origin<T> origin) {
      this.origin = origin;
    }

    @Override
    public KV<String, T> apply(T record) {
      return KV.of(origin.key(record), record);
    }
  }

  /** Keeps the earlier keys that this run's sketch may hold. */
  static class MaybeInRunFn extends DoFn<String, String> {
    private final PCollectionView<BitSet> runKeys;
    private transient @Nullable BitSet sketch;

    MaybeInRunFn(PCollectionView<BitSet> runKeys) {
      this.runKeys = runKeys;
    }

    @StartBundle
    public void startBundle() {
      sketch = null;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      if (sketch == null) {
        sketch = c.sideInput(runKeys);
      }
      if (KeySketch.mightContain(sketch, c.element())) {
        c.output(c.element());
      }
    }
  }

  /** An earlier run's key, with no record. */
  static class NoRecordFn<T> extends SimpleFunction<String, KV<String, T>> {
    @Override
    public KV<String, T> apply(String key) {
      return KV.of(key, null);
    }
  }

  static class KeepFirstFn<T> extends DoFn<KV<String, Iterable<T>>, T> {
    private final String keyName;
    private final Origin<T> origin;
    private final TupleTag<T> kept;
    private final TupleTag<DeadLetter> duplicates;

    KeepFirstFn(String keyName, Origin<T> origin, TupleTag<T> kept, TupleTag<DeadLetter> duplicates) {
      this.keyName = keyName;
      this.origin = origin;
      this.kept = kept;
      this.duplicates = duplicates;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<T>> group, MultiOutputReceiver out) {
      boolean acceptedEarlier = false;
      T first = null;
      List<T> rest = new ArrayList<>(0);
      for (T record : group.getValue()) {
        if (record == null) {
          acceptedEarlier = true;
        } else if (first == null) {
          first = record;
        } else if (earlier(record, first)) {
          rest.add(first);
          first = record;
        } else {
          rest.add(record);
        }
      }
      if (first == null) {
        return;
      }
      if (acceptedEarlier) {
        rest.add(first);
      } else {
        out.get(kept).output(first);
      }
      String keptAt =
          acceptedEarlier ? "an earlier run" : origin.source(first) + " line " + origin.line(first);
      for (T duplicate : rest) {
        out.get(duplicates)
            .output(
                DeadLetter.of(
                    origin.source(duplicate), origin.line(duplicate), ErrorType.DUPLICATE, keyName,
                    keyName + " '" + group.getKey() + "' was already accepted from " + keptAt,
                    origin.raw(duplicate)));
      }
    }

    /** First by (source path, line, position in the file). */
    private boolean earlier(T a, T b) {
      int bySource = origin.source(a).compareTo(origin.source(b));
      if (bySource != 0) {
        return bySource < 0;
      }
      int byLine = Long.compare(origin.line(a), origin.line(b));
      return byLine != 0 ? byLine < 0 : origin.ordinal(a) < origin.ordinal(b);
    }
  }
}

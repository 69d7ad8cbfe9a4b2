package io.salespipelines.transforms.dedup;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.transforms.common.GroupByKeyInBuckets;
import io.salespipelines.transforms.dedup.DeduplicateByKey.KeepFirstFn;
import io.salespipelines.transforms.dedup.DeduplicateByKey.MayRepeatFn;
import io.salespipelines.transforms.dedup.DeduplicateByKey.MaybeInRunFn;
import io.salespipelines.transforms.dedup.DeduplicateByKey.Origin;
import io.salespipelines.transforms.dedup.DeduplicateByKey.Place;
import io.salespipelines.transforms.dedup.DeduplicateByKey.PlaceToKeepFn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@link DeduplicateByKey}'s verdicts (the same records kept, the same {@code duplicate} dead
 * letters), for records that can be read again from their sources, without holding any record
 * while a side input over all of them is built.
 *
 * <p>{@link DeduplicateByKey} looks at every record twice, each time in a step that waits for a
 * side input made from all records (the sketch of the run's keys, then the verdicts). The Direct
 * runner keeps every element that reaches such a step in the heap until the side input is ready:
 * there, the whole input. Here the records given only feed the sketch; once it is built, the
 * sources (a small collection, e.g. the input files' paths) are let through ({@link Wait#on}) and
 * read again to find the places of the keys that may repeat; once the verdicts are built, they are
 * read a third time and each record is kept or rejected as it arrives. Reading is the price: use it
 * where the runner would otherwise hold the input (Direct), not where it materializes side inputs
 * before it reads on (Spark). The reads must give the same records each time.
 */
public class DeduplicateByRereading<T>
    extends PTransform<PCollection<T>, WithFailures.Result<PCollection<T>, DeadLetter>> {
  private final TupleTag<T> kept = new TupleTag<>();
  private static final TupleTag<DeadLetter> DUPLICATES = new TupleTag<DeadLetter>() {};
  private static final Coder<KV<String, Place>> KEYED_PLACE = KvCoder.of(StringUtf8Coder.of(), Place.CODER);

  private final String keyName;
  private final Origin<T> origin;
  private final int buckets;
  private final @Nullable PCollection<String> earlierKeys;
  private final PCollection<String> sources;
  private final PTransform<PCollection<String>, PCollection<T>> readAgain;
  private final int log2Slots;

  /**
   * @param keyName the key's column name, for the dead letters' error_field and message
   * @param buckets shuffle keys used to bring equal keys together (see {@link GroupByKeyInBuckets})
   * @param earlierKeys keys accepted by earlier runs over the same output, or null
   * @param sources what the records were read from (paths), a few elements
   * @param readAgain reads the sources into the same records as the input, failures left out; applied twice
   */
  public DeduplicateByRereading(
      String keyName,
      Origin<T> origin,
      int buckets,
      @Nullable PCollection<String> earlierKeys,
      PCollection<String> sources,
      PTransform<PCollection<String>, PCollection<T>> readAgain) {
    this(keyName, origin, buckets, earlierKeys, sources, readAgain, KeySketch.DEFAULT_LOG2_SLOTS);
  }

  /** A test makes the sketch tiny, so that most unique keys take the exact path too. */
  DeduplicateByRereading(
      String keyName,
      Origin<T> origin,
      int buckets,
      @Nullable PCollection<String> earlierKeys,
      PCollection<String> sources,
      PTransform<PCollection<String>, PCollection<T>> readAgain,
      int log2Slots) {
    this.keyName = keyName;
    this.origin = origin;
    this.buckets = buckets;
    this.earlierKeys = earlierKeys;
    this.sources = sources;
    this.readAgain = readAgain;
    this.log2Slots = log2Slots;
  }

  @Override
  public WithFailures.Result<PCollection<T>, DeadLetter> expand(PCollection<T> records) {
    Origin<T> o = origin;
    PCollection<KeySketch> runSketch =
        records
            .apply("Keys", MapElements.into(TypeDescriptors.strings()).via((T r) -> o.key(r)))
            .apply("SketchRunKeys", new SketchOf(log2Slots));
    PCollectionView<KeySketch> runKeys = runSketch.apply("RunKeysView", View.asSingleton());
    List<PCollection<?>> sketches = new ArrayList<>(List.of(runSketch));
    List<PCollectionView<?>> sketchViews = new ArrayList<>(List.of(runKeys));
    PCollectionView<KeySketch> earlierSketch = null;
    PCollection<KV<String, Place>> earlierPlaces = null;
    if (earlierKeys != null) {
      PCollection<String> earlierInRun =
          earlierKeys
              .apply("EarlierKeysThisRunMayHave", ParDo.of(new MaybeInRunFn(runKeys)).withSideInputs(runKeys))
              .setCoder(StringUtf8Coder.of());
      PCollection<KeySketch> earlier = earlierInRun.apply("SketchEarlierKeys", new SketchOf(log2Slots));
      earlierSketch = earlier.apply("EarlierKeysView", View.asSingleton());
      sketches.add(earlier);
      sketchViews.add(earlierSketch);
      earlierPlaces =
          earlierInRun
              .apply("AcceptedEarlier",
                  MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), Place.TYPE))
                      .via((String key) -> KV.of(key, Place.EARLIER)))
              .setCoder(KEYED_PLACE);
    }

    PCollection<KV<String, Place>> places =
        sources
            .apply("AfterTheSketches", Wait.on(sketches))
            .apply("ReadAgainForPlaces", readAgain)
            .apply("PlacesThatMayRepeat",
                ParDo.of(new MayRepeatFn<>(origin, runKeys, earlierSketch)).withSideInputs(sketchViews))
            .setCoder(KEYED_PLACE);
    if (earlierPlaces != null) {
      places = PCollectionList.of(places).and(earlierPlaces).apply("WithEarlierKeys", Flatten.pCollections());
    }
    PCollection<KV<String, Place>> verdicts =
        PCollectionList.of(
                places
                    .apply("GroupById", new GroupByKeyInBuckets<>(buckets))
                    .apply("PlaceToKeep", ParDo.of(new PlaceToKeepFn()))
                    .setCoder(KEYED_PLACE))
            // A side input made from an empty collection can hang the Direct runner.
            .and(records.getPipeline().apply("Sentinel", Create.of(KV.of("", Place.NONE)).withCoder(KEYED_PLACE)))
            .apply("WithSentinel", Flatten.pCollections());
    PCollectionView<Map<String, Iterable<Place>>> keptPlaces = verdicts.apply("AsMultimap", View.asMultimap());

    PCollectionTuple result =
        sources
            .apply("AfterTheVerdicts", Wait.on(verdicts))
            .apply("ReadAgainToKeepFirst", readAgain)
            .apply("KeepFirst",
                ParDo.of(new KeepFirstFn<>(keyName, origin, keptPlaces, kept, DUPLICATES))
                    .withSideInputs(keptPlaces)
                    .withOutputTags(kept, TupleTagList.of(DUPLICATES)));
    result.get(kept).setCoder(records.getCoder());
    return WithFailures.Result.of(result, kept, DUPLICATES);
  }

  /** The sketch of a collection of keys, one element (a sentinel key keeps the input from being empty). */
  static final class SketchOf extends PTransform<PCollection<String>, PCollection<KeySketch>> {
    private final int log2Slots;

    SketchOf(int log2Slots) {
      this.log2Slots = log2Slots;
    }

    @Override
    public PCollection<KeySketch> expand(PCollection<String> keys) {
      return PCollectionList.of(keys)
          .and(keys.getPipeline().apply("SentinelKey", Create.of("").withCoder(StringUtf8Coder.of())))
          .apply("AndSentinel", Flatten.pCollections())
          // Never empty (the sentinel), so no default value is needed.
          .apply("Combine", Combine.globally(new KeySketch.Of(log2Slots)).withoutDefaults());
    }
  }
}

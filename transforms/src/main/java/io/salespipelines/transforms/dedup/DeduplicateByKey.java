package io.salespipelines.transforms.dedup;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.ErrorType;
import io.salespipelines.transforms.common.CombineGloballyInFiles;
import io.salespipelines.transforms.common.GroupByKeyInBuckets;
import io.salespipelines.transforms.common.Reread;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Keeps one record per key: the first by (source path, line number, position in the file),
 * whatever order the runner delivers them in. The others become {@code duplicate} dead letters
 * naming the kept one. A key that an earlier run accepted makes every record with it a duplicate.
 * Which key and where a record came from is the job's business: see {@link Origin}.
 *
 * <p>Records are not shuffled by key. A {@link KeySketch} of this run's keys tells which keys may
 * occur more than once; only those records' places (and the earlier keys this run may have) meet in
 * a shuffle, which names the record to keep per repeated key, and a side input of those verdicts
 * decides each record where it is. A shuffle of every record by its key held the whole input in
 * memory on the Direct runner (whose GroupByKey keeps everything in the heap, copying each key's
 * values again for every bundle that adds to them) and was the costliest step on Spark.
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
  private static final Coder<KV<String, Place>> KEYED_PLACE = KvCoder.of(StringUtf8Coder.of(), Place.CODER);
  private final String keyName;
  private final Origin<T> origin;
  private final int buckets;
  private final @Nullable EarlierKeys earlierKeys;
  private final int log2Slots;

  /**
   * @param keyName the key's column name, for the dead letters' error_field and message
   * @param buckets shuffle keys used to bring equal keys together (see {@link GroupByKeyInBuckets})
   * @param earlierKeys keys accepted by earlier runs over the same output, or null
   */
  public DeduplicateByKey(
      String keyName, Origin<T> origin, int buckets, @Nullable EarlierKeys earlierKeys) {
    this(keyName, origin, buckets, earlierKeys, KeySketch.DEFAULT_LOG2_SLOTS);
  }

  /** A test makes the sketch tiny, so that most unique keys take the exact path too. */
  DeduplicateByKey(
      String keyName, Origin<T> origin, int buckets, @Nullable EarlierKeys earlierKeys, int log2Slots) {
    this.keyName = keyName;
    this.origin = origin;
    this.buckets = buckets;
    this.earlierKeys = earlierKeys;
    this.log2Slots = log2Slots;
  }

  @Override
  public WithFailures.Result<PCollection<T>, DeadLetter> expand(PCollection<T> records) {
    return deduplicate(records.getPipeline(), Reread.once(records), earlierKeys);
  }

  /**
   * The same, over records (and earlier keys) read afresh for each of its three passes (the keys'
   * sketch, the places of keys that may repeat, the decision), so that no pass waits for a side
   * input while holding records: for the Direct runner, which holds them in its heap. The earlier
   * keys this transform was made with are ignored.
   */
  public PTransform<PBegin, WithFailures.Result<PCollection<T>, DeadLetter>> rereading(
      Reread<T> records, @Nullable EarlierKeys earlierKeys) {
    return new PTransform<PBegin, WithFailures.Result<PCollection<T>, DeadLetter>>() {
      @Override
      public WithFailures.Result<PCollection<T>, DeadLetter> expand(PBegin begin) {
        return deduplicate(begin.getPipeline(), records, earlierKeys);
      }
    };
  }

  private WithFailures.Result<PCollection<T>, DeadLetter> deduplicate(
      Pipeline p, Reread<T> input, @Nullable EarlierKeys earlierInput) {
    Origin<T> o = origin;
    PCollection<T> forSketch = input.read("ReadForSketch", List.of());
    PCollection<KeySketch> runSketch =
        forSketch
            .apply("Keys", MapElements.into(TypeDescriptors.strings()).via((T r) -> o.key(r)))
            .apply("SketchRunKeys", new Sketch(log2Slots));
    PCollectionView<KeySketch> runKeys = runSketch.apply("RunKeysView", View.asSingleton());
    List<PCollection<?>> sketches = new ArrayList<>(List.of(runSketch));
    PCollectionView<KeySketch> earlierSketch = null;
    PCollection<KV<String, Place>> earlierPlaces = null;
    if (earlierInput != null) {
      // Only the earlier keys this run may have can matter, however many earlier runs accepted.
      PCollection<String> earlierInRun =
          earlierInput.read("EarlierKeysThisRunMayHave", List.of(runSketch), runKeys).setCoder(StringUtf8Coder.of());
      PCollection<KeySketch> earlierInRunSketch = earlierInRun.apply("SketchEarlierKeys", new Sketch(log2Slots));
      sketches.add(earlierInRunSketch);
      earlierSketch = earlierInRunSketch.apply("EarlierKeysView", View.asSingleton());
      earlierPlaces =
          earlierInRun
              .apply(
                  "AcceptedEarlier",
                  MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), Place.TYPE))
                      .via((String key) -> KV.of(key, Place.EARLIER)))
              .setCoder(KEYED_PLACE);
    }
    PCollection<KV<String, Place>> places =
        input
            .read("ReadForPlaces", sketches)
            .apply("PlacesThatMayRepeat", ParDo.of(new MayRepeatFn<>(origin, runKeys, earlierSketch))
                .withSideInputs(earlierSketch == null ? List.of(runKeys) : List.of(runKeys, earlierSketch)))
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
            .and(p.apply("Sentinel", Create.of(KV.of("", Place.NONE)).withCoder(KEYED_PLACE)))
            .apply("WithSentinel", Flatten.pCollections());
    PCollectionView<Map<String, Iterable<Place>>> keptPlaces = verdicts.apply("AsMultimap", View.asMultimap());
    PCollection<T> records = input.read("ReadToDecide", List.of(verdicts));
    PCollectionTuple result =
        records.apply(
            "KeepFirst",
            ParDo.of(new KeepFirstFn<>(keyName, origin, keptPlaces, kept, DUPLICATES))
                .withSideInputs(keptPlaces)
                .withOutputTags(kept, TupleTagList.of(DUPLICATES)));
    result.get(kept).setCoder(records.getCoder());
    return WithFailures.Result.of(result, kept, DUPLICATES);
  }

  /**
   * The sketch of a collection of keys (one element). A sentinel key keeps its input from being
   * empty: a side input made from an empty collection can hang the Direct runner.
   */
  static final class Sketch extends PTransform<PCollection<String>, PCollection<KeySketch>> {
    private final int log2Slots;

    Sketch(int log2Slots) {
      this.log2Slots = log2Slots;
    }

    @Override
    public PCollection<KeySketch> expand(PCollection<String> keys) {
      PCollection<String> all =
          PCollectionList.of(keys)
              .and(keys.getPipeline().apply("SentinelKey", Create.of("").withCoder(StringUtf8Coder.of())))
              .apply("AndSentinel", Flatten.pCollections());
      if (keys.getPipeline().getOptions().getRunner().getSimpleName().equals("DirectRunner")) {
        // Its GroupByKey would copy every bundle's partial sketch again for each bundle after it.
        return all.apply(
            "CombineInFiles",
            new CombineGloballyInFiles<>(new KeySketch.Of(log2Slots), KeySketch.SketchCoder.INSTANCE, KeySketch.SketchCoder.INSTANCE));
      }
      // Never empty (the sentinel): no default to insert.
      return all.apply("Combine", Combine.globally(new KeySketch.Of(log2Slots)).withoutDefaults());
    }
  }

  /** Where a record is: the key's verdict compares places. */
  static final class Place implements Serializable {
    /** The key was accepted by an earlier run. */
    static final Place EARLIER = new Place(null, -1, -1);
    /** The sentinel's: stands for no verdict. */
    static final Place NONE = new Place(null, -2, -2);
    static final Coder<Place> CODER = new PlaceCoder();
    static final org.apache.beam.sdk.values.TypeDescriptor<Place> TYPE =
        org.apache.beam.sdk.values.TypeDescriptor.of(Place.class);

    final @Nullable String source;
    final long line;
    final long ordinal;

    Place(@Nullable String source, long line, long ordinal) {
      this.source = source;
      this.line = line;
      this.ordinal = ordinal;
    }

    static <T> Place of(Origin<T> origin, T record) {
      return new Place(origin.source(record), origin.line(record), origin.ordinal(record));
    }

    boolean isEarlier() {
      return source == null && line == -1;
    }

    boolean isNone() {
      return source == null && line == -2;
    }

    /** First by (source path, line, position in the file). */
    boolean before(Place other) {
      int bySource = source.compareTo(other.source);
      if (bySource != 0) {
        return bySource < 0;
      }
      int byLine = Long.compare(line, other.line);
      return byLine != 0 ? byLine < 0 : ordinal < other.ordinal;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Place
          && Objects.equals(source, ((Place) o).source)
          && line == ((Place) o).line
          && ordinal == ((Place) o).ordinal;
    }

    @Override
    public int hashCode() {
      return Objects.hash(source, line, ordinal);
    }
  }

  static final class PlaceCoder extends AtomicCoder<Place> {
    private static final Coder<String> SOURCE = StringUtf8Coder.of();
    private static final Coder<Long> NUMBER = VarLongCoder.of();

    @Override
    public void encode(Place place, OutputStream out) throws IOException {
      // Line -1 and -2 are the markers, which have no source.
      NUMBER.encode(place.line, out);
      if (place.source != null) {
        SOURCE.encode(place.source, out);
        NUMBER.encode(place.ordinal, out);
      }
    }

    @Override
    public Place decode(InputStream in) throws IOException {
      long line = NUMBER.decode(in);
      if (line == -1) {
        return Place.EARLIER;
      }
      if (line == -2) {
        return Place.NONE;
      }
      return new Place(SOURCE.decode(in), line, NUMBER.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }

  /** Keeps the earlier keys that this run's sketch may hold. */
  static class MaybeInRunFn extends DoFn<String, String> {
    private final PCollectionView<KeySketch> runKeys;

    MaybeInRunFn(PCollectionView<KeySketch> runKeys) {
      this.runKeys = runKeys;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      if (c.sideInput(runKeys).mightContain(c.element())) {
        c.output(c.element());
      }
    }
  }

  /** The place of each record whose key may occur twice in this run or may have been accepted before. */
  static class MayRepeatFn<T> extends DoFn<T, KV<String, Place>> {
    private final Origin<T> origin;
    private final PCollectionView<KeySketch> runKeys;
    private final @Nullable PCollectionView<KeySketch> earlierKeys;

    MayRepeatFn(Origin<T> origin, PCollectionView<KeySketch> runKeys, @Nullable PCollectionView<KeySketch> earlierKeys) {
      this.origin = origin;
      this.runKeys = runKeys;
      this.earlierKeys = earlierKeys;
    }

    private transient @Nullable KeySketch run;
    private transient @Nullable KeySketch earlier;

    @StartBundle
    public void startBundle() {
      run = null;
      earlier = null;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      String key = origin.key(c.element());
      if (run == null) {
        run = c.sideInput(runKeys);
        earlier = earlierKeys == null ? null : c.sideInput(earlierKeys);
      }
      if (run.mightRepeat(key) || (earlier != null && earlier.mightContain(key))) {
        c.output(KV.of(key, Place.of(origin, c.element())));
      }
    }
  }

  /**
   * For a key that is really repeated or was accepted earlier, the place of the record to keep (or
   * {@link Place#EARLIER}); nothing for the keys the sketch only suspected.
   */
  static class PlaceToKeepFn extends DoFn<KV<String, Iterable<Place>>, KV<String, Place>> {
    @ProcessElement
    public void process(@Element KV<String, Iterable<Place>> group, OutputReceiver<KV<String, Place>> out) {
      boolean acceptedEarlier = false;
      Place first = null;
      int records = 0;
      for (Place place : group.getValue()) {
        if (place.isEarlier()) {
          acceptedEarlier = true;
        } else {
          records++;
          first = first == null || place.before(first) ? place : first;
        }
      }
      if (records > 0 && acceptedEarlier) {
        out.output(KV.of(group.getKey(), Place.EARLIER));
      } else if (records > 1) {
        out.output(KV.of(group.getKey(), first));
      }
    }
  }

  static class KeepFirstFn<T> extends DoFn<T, T> {
    private final String keyName;
    private final Origin<T> origin;
    private final PCollectionView<Map<String, Iterable<Place>>> keptPlaces;
    private final TupleTag<T> kept;
    private final TupleTag<DeadLetter> duplicates;

    KeepFirstFn(
        String keyName,
        Origin<T> origin,
        PCollectionView<Map<String, Iterable<Place>>> keptPlaces,
        TupleTag<T> kept,
        TupleTag<DeadLetter> duplicates) {
      this.keyName = keyName;
      this.origin = origin;
      this.keptPlaces = keptPlaces;
      this.kept = kept;
      this.duplicates = duplicates;
    }

    // The Direct runner builds a map side input anew on every access: once per bundle is enough.
    private transient @Nullable Map<String, Iterable<Place>> verdictsOfBundle;

    @StartBundle
    public void startBundle() {
      verdictsOfBundle = null;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      T record = c.element();
      String key = origin.key(record);
      Place keep = null;
      if (verdictsOfBundle == null) {
        verdictsOfBundle = c.sideInput(keptPlaces);
      }
      Iterable<Place> verdicts = verdictsOfBundle.get(key);
      if (verdicts != null) {
        for (Place place : verdicts) {
          keep = place.isNone() ? keep : place;
        }
      }
      if (keep == null || keep.equals(Place.of(origin, record))) {
        c.output(record);
        return;
      }
      String keptAt = keep.isEarlier() ? "an earlier run" : keep.source + " line " + keep.line;
      c.output(
          duplicates,
          DeadLetter.of(
              origin.source(record), origin.line(record), ErrorType.DUPLICATE, keyName,
              keyName + " '" + key + "' was already accepted from " + keptAt,
              origin.raw(record)));
    }
  }
}

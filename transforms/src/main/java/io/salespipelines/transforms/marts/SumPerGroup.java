package io.salespipelines.transforms.marts;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Exact sum and count of amounts per group key. On the Direct runner: {@link SumTalliesOnDisk}.
 * Elsewhere, groups are combined inside a fixed number of hash
 * buckets, each holding a map of group to partial sum: the runner pre-aggregates before the
 * shuffle as with any combiner, and the number of shuffle keys stays small whatever the number of
 * groups. (The Direct runner processes every shuffle key as a bundle of its own; a mart with a
 * million groups would otherwise mean a million bundles per downstream step.)
 *
 * <p>The group key K needs value equality and a deterministic coder: keys are hashed into buckets
 * and compared in maps (see {@link GroupKeys}).
 */
public class SumPerGroup<K>
    extends PTransform<PCollection<KV<K, BigDecimal>>, PCollection<KV<K, KV<BigDecimal, Long>>>> {
  /** A partial sum and the number of amounts in it. */
  static final Coder<KV<BigDecimal, Long>> TALLY = KvCoder.of(BigDecimalCoder.of(), VarLongCoder.of());
  static final TypeDescriptor<KV<BigDecimal, Long>> TALLY_TYPE = new TypeDescriptor<KV<BigDecimal, Long>>() {};

  private final int buckets;
  private final Coder<K> keyCoder;

  /** @param keyCoder a deterministic coder of the group keys */
  public SumPerGroup(int buckets, Coder<K> keyCoder) {
    this.buckets = buckets;
    this.keyCoder = keyCoder;
  }

  /**
   * Adds up partial sums and counts per group (sums are associative, so the state a table kept
   * from earlier runs merges with this run's amounts).
   */
  public static <K> Tallies<K> ofTallies(int buckets, Coder<K> keyCoder) {
    return new Tallies<>(buckets, keyCoder);
  }

  static KV<BigDecimal, Long> tally(BigDecimal sum, long count) {
    return KV.of(sum, count);
  }

  /** The coder of (group, tally) pairs. */
  static <K> Coder<KV<K, KV<BigDecimal, Long>>> keyedTally(Coder<K> keyCoder) {
    return KvCoder.of(keyCoder, TALLY);
  }

  /** The type of (group, tally) pairs, for {@code MapElements.into}. */
  static <K> TypeDescriptor<KV<K, KV<BigDecimal, Long>>> keyedTallyType(Coder<K> keyCoder) {
    return TypeDescriptors.kvs(keyCoder.getEncodedTypeDescriptor(), TALLY_TYPE);
  }

  @Override
  public PCollection<KV<K, KV<BigDecimal, Long>>> expand(PCollection<KV<K, BigDecimal>> amounts) {
    return amounts
        .apply(
            "OneAmountEach",
            MapElements.into(keyedTallyType(keyCoder))
                .via((KV<K, BigDecimal> kv) -> KV.of(kv.getKey(), tally(kv.getValue(), 1L))))
        .setCoder(keyedTally(keyCoder))
        .apply("SumTallies", ofTallies(buckets, keyCoder));
  }

  /** {@link SumPerGroup} over partial sums and counts rather than single amounts. */
  public static class Tallies<K>
      extends PTransform<PCollection<KV<K, KV<BigDecimal, Long>>>, PCollection<KV<K, KV<BigDecimal, Long>>>> {
    private final int buckets;
    private final Coder<K> keyCoder;

    Tallies(int buckets, Coder<K> keyCoder) {
      this.buckets = buckets;
      this.keyCoder = keyCoder;
    }

    @Override
    public PCollection<KV<K, KV<BigDecimal, Long>>> expand(PCollection<KV<K, KV<BigDecimal, Long>>> tallies) {
      if (tallies.getPipeline().getOptions().getRunner().getSimpleName().equals("DirectRunner")) {
        // Its GroupByKey keeps a partial sum per group and bundle in the heap until the input ends.
        return tallies.apply("SumOnDisk", new SumTalliesOnDisk<>(buckets, keyCoder));
      }
      int n = buckets;
      return tallies
          .apply(
              "Bucket",
              WithKeys.of((KV<K, KV<BigDecimal, Long>> kv) -> Math.floorMod(kv.getKey().hashCode(), n))
                  .withKeyType(TypeDescriptors.integers()))
          .setCoder(KvCoder.of(VarIntCoder.of(), keyedTally(keyCoder)))
          .apply("SumInBucket", Combine.perKey(new SumFn<>(keyCoder)))
          .apply("PerGroup", ParDo.of(new EmitGroupsFn<K>()))
          .setCoder(keyedTally(keyCoder));
    }
  }

  static class SumFn<K>
      extends Combine.CombineFn<
          KV<K, KV<BigDecimal, Long>>, Map<K, KV<BigDecimal, Long>>, Map<K, KV<BigDecimal, Long>>> {
    private final Coder<K> keyCoder;

    SumFn(Coder<K> keyCoder) {
      this.keyCoder = keyCoder;
    }

    @Override
    public Map<K, KV<BigDecimal, Long>> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<K, KV<BigDecimal, Long>> addInput(Map<K, KV<BigDecimal, Long>> acc, KV<K, KV<BigDecimal, Long>> input) {
      acc.merge(input.getKey(), input.getValue(), SumFn::add);
      return acc;
    }

    @Override
    public Map<K, KV<BigDecimal, Long>> mergeAccumulators(Iterable<Map<K, KV<BigDecimal, Long>>> accumulators) {
      Map<K, KV<BigDecimal, Long>> merged = new HashMap<>();
      for (Map<K, KV<BigDecimal, Long>> acc : accumulators) {
        acc.forEach((k, v) -> merged.merge(k, v, SumFn::add));
      }
      return merged;
    }

    @Override
    public Map<K, KV<BigDecimal, Long>> extractOutput(Map<K, KV<BigDecimal, Long>> acc) {
      return acc;
    }

    @Override
    public Coder<Map<K, KV<BigDecimal, Long>>> getAccumulatorCoder(
        CoderRegistry registry, Coder<KV<K, KV<BigDecimal, Long>>> input) {
      return MapCoder.of(keyCoder, TALLY);
    }

    @Override
    public Coder<Map<K, KV<BigDecimal, Long>>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<KV<K, KV<BigDecimal, Long>>> input) {
      return MapCoder.of(keyCoder, TALLY);
    }

    static KV<BigDecimal, Long> add(KV<BigDecimal, Long> a, KV<BigDecimal, Long> b) {
      return KV.of(a.getKey().add(b.getKey()), a.getValue() + b.getValue());
    }
  }

  static class EmitGroupsFn<K> extends DoFn<KV<Integer, Map<K, KV<BigDecimal, Long>>>, KV<K, KV<BigDecimal, Long>>> {
    @ProcessElement
    public void process(
        @Element KV<Integer, Map<K, KV<BigDecimal, Long>>> bucket, OutputReceiver<KV<K, KV<BigDecimal, Long>>> out) {
      bucket.getValue().forEach((group, tally) -> out.output(KV.of(group, tally)));
    }
  }
}

package io.salespipelines.transforms.marts;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
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
 */
public class SumPerGroup
    extends PTransform<
        PCollection<KV<List<String>, BigDecimal>>, PCollection<KV<List<String>, KV<BigDecimal, Long>>>> {
  /** A partial sum and the number of amounts in it. */
  static final Coder<KV<BigDecimal, Long>> TALLY = KvCoder.of(BigDecimalCoder.of(), VarLongCoder.of());
  static final Coder<KV<List<String>, KV<BigDecimal, Long>>> KEYED_TALLY = KvCoder.of(GroupKeys.KEY_CODER, TALLY);
  static final TypeDescriptor<KV<List<String>, KV<BigDecimal, Long>>> KEYED_TALLY_TYPE =
      new TypeDescriptor<KV<List<String>, KV<BigDecimal, Long>>>() {};
  static final Coder<Map<List<String>, KV<BigDecimal, Long>>> TALLIES =
      MapCoder.of(GroupKeys.KEY_CODER, TALLY);

  private final int buckets;

  public SumPerGroup(int buckets) {
    this.buckets = buckets;
  }

  /**
   * Adds up partial sums and counts per group (sums are associative, so the state a table kept
   * from earlier runs merges with this run's amounts).
   */
  public static Tallies ofTallies(int buckets) {
    return new Tallies(buckets);
  }

  static KV<BigDecimal, Long> tally(BigDecimal sum, long count) {
    return KV.of(sum, count);
  }

  @Override
  public PCollection<KV<List<String>, KV<BigDecimal, Long>>> expand(
      PCollection<KV<List<String>, BigDecimal>> amounts) {
    return amounts
        .apply(
            "OneAmountEach",
            MapElements.into(KEYED_TALLY_TYPE)
                .via((KV<List<String>, BigDecimal> kv) -> KV.of(kv.getKey(), tally(kv.getValue(), 1L))))
        .setCoder(KEYED_TALLY)
        .apply("SumTallies", ofTallies(buckets));
  }

  /** {@link SumPerGroup} over partial sums and counts rather than single amounts. */
  public static class Tallies
      extends PTransform<
          PCollection<KV<List<String>, KV<BigDecimal, Long>>>,
          PCollection<KV<List<String>, KV<BigDecimal, Long>>>> {
    private final int buckets;

    Tallies(int buckets) {
      this.buckets = buckets;
    }

    @Override
    public PCollection<KV<List<String>, KV<BigDecimal, Long>>> expand(
        PCollection<KV<List<String>, KV<BigDecimal, Long>>> tallies) {
      if (tallies.getPipeline().getOptions().getRunner().getSimpleName().equals("DirectRunner")) {
        // Its GroupByKey keeps a partial sum per group and bundle in the heap until the input ends.
        return tallies.apply("SumOnDisk", new SumTalliesOnDisk(buckets));
      }
      int n = buckets;
      return tallies
          .apply(
              "Bucket",
              WithKeys.of((KV<List<String>, KV<BigDecimal, Long>> kv) -> Math.floorMod(kv.getKey().hashCode(), n))
                  .withKeyType(TypeDescriptors.integers()))
          .setCoder(KvCoder.of(VarIntCoder.of(), KEYED_TALLY))
          .apply("SumInBucket", Combine.perKey(new SumFn()))
          .apply("PerGroup", ParDo.of(new EmitGroupsFn()))
          .setCoder(KEYED_TALLY);
    }
  }

  static class SumFn
      extends Combine.CombineFn<
          KV<List<String>, KV<BigDecimal, Long>>,
          Map<List<String>, KV<BigDecimal, Long>>,
          Map<List<String>, KV<BigDecimal, Long>>> {
    @Override
    public Map<List<String>, KV<BigDecimal, Long>> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<List<String>, KV<BigDecimal, Long>> addInput(
        Map<List<String>, KV<BigDecimal, Long>> acc, KV<List<String>, KV<BigDecimal, Long>> input) {
      acc.merge(input.getKey(), input.getValue(), SumFn::add);
      return acc;
    }

    @Override
    public Map<List<String>, KV<BigDecimal, Long>> mergeAccumulators(
        Iterable<Map<List<String>, KV<BigDecimal, Long>>> accumulators) {
      Map<List<String>, KV<BigDecimal, Long>> merged = new HashMap<>();
      for (Map<List<String>, KV<BigDecimal, Long>> acc : accumulators) {
        acc.forEach((k, v) -> merged.merge(k, v, SumFn::add));
      }
      return merged;
    }

    @Override
    public Map<List<String>, KV<BigDecimal, Long>> extractOutput(
        Map<List<String>, KV<BigDecimal, Long>> acc) {
      return acc;
    }

    @Override
    public Coder<Map<List<String>, KV<BigDecimal, Long>>> getAccumulatorCoder(
        CoderRegistry registry, Coder<KV<List<String>, KV<BigDecimal, Long>>> input) {
      return TALLIES;
    }

    @Override
    public Coder<Map<List<String>, KV<BigDecimal, Long>>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<KV<List<String>, KV<BigDecimal, Long>>> input) {
      return TALLIES;
    }

    static KV<BigDecimal, Long> add(KV<BigDecimal, Long> a, KV<BigDecimal, Long> b) {
      return KV.of(a.getKey().add(b.getKey()), a.getValue() + b.getValue());
    }
  }

  static class EmitGroupsFn
      extends DoFn<KV<Integer, Map<List<String>, KV<BigDecimal, Long>>>, KV<List<String>, KV<BigDecimal, Long>>> {
    @ProcessElement
    public void process(
        @Element KV<Integer, Map<List<String>, KV<BigDecimal, Long>>> bucket,
        OutputReceiver<KV<List<String>, KV<BigDecimal, Long>>> out) {
      bucket.getValue().forEach((group, tally) -> out.output(KV.of(group, tally)));
    }
  }
}

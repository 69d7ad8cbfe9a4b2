package io.salespipelines.transforms.common;

import java.util.HashSet;
import java.util.Set;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SetCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@link org.apache.beam.sdk.transforms.Distinct} through a fixed number of hash buckets: each
 * bucket combines its elements into a set, so the runner drops repeats before the shuffle and the
 * shuffle sees only the bucket numbers, whatever the number of distinct elements (see {@link
 * GroupByKeyInBuckets} for why the Direct runner needs that). With 0 buckets it is a plain
 * {@link org.apache.beam.sdk.transforms.Distinct}, one shuffle key per element, for the Spark
 * runner (see {@link GroupByKeyInBuckets} for why). The element coder must be deterministic.
 */
public class DistinctInBuckets<T> extends PTransform<PCollection<T>, PCollection<T>> {
  private final int buckets;

  /** @param buckets hash buckets, or 0 for one shuffle key per element (a plain Distinct) */
  public DistinctInBuckets(int buckets) {
    if (buckets < 0) {
      throw new IllegalArgumentException("buckets must be at least 0");
    }
    this.buckets = buckets;
  }

  @Override
  public PCollection<T> expand(PCollection<T> input) {
    Coder<T> coder = input.getCoder();
    if (buckets == 0) {
      return input.apply("Distinct", Distinct.create());
    }
    return input
        .apply("Bucket", ParDo.of(new BucketFn<T>(buckets)))
        .setCoder(KvCoder.of(VarIntCoder.of(), coder))
        .apply("SetPerBucket", Combine.perKey(new ToSetFn<T>(coder)))
        .apply("EachOnce", ParDo.of(new EmitFn<T>()))
        .setCoder(coder);
  }

  static class BucketFn<T> extends DoFn<T, KV<Integer, T>> {
    private final int buckets;

    BucketFn(int buckets) {
      this.buckets = buckets;
    }

    @ProcessElement
    public void process(@Element T element, OutputReceiver<KV<Integer, T>> out) {
      out.output(KV.of(Math.floorMod(element.hashCode(), buckets), element));
    }
  }

  static class ToSetFn<T> extends Combine.CombineFn<T, Set<T>, Set<T>> {
    private final Coder<T> coder;

    ToSetFn(Coder<T> coder) {
      this.coder = coder;
    }

    @Override
    public Set<T> createAccumulator() {
      return new HashSet<>();
    }

    @Override
    public Set<T> addInput(Set<T> set, T element) {
      set.add(element);
      return set;
    }

    @Override
    public Set<T> mergeAccumulators(Iterable<Set<T>> sets) {
      Set<T> merged = new HashSet<>();
      sets.forEach(merged::addAll);
      return merged;
    }

    @Override
    public Set<T> extractOutput(Set<T> set) {
      return set;
    }

    @Override
    public Coder<Set<T>> getAccumulatorCoder(CoderRegistry registry, Coder<T> input) {
      return SetCoder.of(coder);
    }

    @Override
    public Coder<Set<T>> getDefaultOutputCoder(CoderRegistry registry, Coder<T> input) {
      return SetCoder.of(coder);
    }
  }

  static class EmitFn<T> extends DoFn<KV<Integer, Set<T>>, T> {
    @ProcessElement
    public void process(@Element KV<Integer, Set<T>> bucket, OutputReceiver<T> out) {
      bucket.getValue().forEach(out::output);
    }
  }
}

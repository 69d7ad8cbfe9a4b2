package io.salespipelines.transforms.common;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Adds one element no real one equals, so that a side input made from the collection is never
 * empty: on the Direct runner, a ParDo waiting for a side input made from an empty collection now
 * and then never resumed (the run spun for good).
 */
public final class WithSentinel<T> extends PTransform<PCollection<T>, PCollection<T>> {
  private final T sentinel;
  private final Coder<T> coder;

  public WithSentinel(T sentinel, Coder<T> coder) {
    this.sentinel = sentinel;
    this.coder = coder;
  }

  @Override
  public PCollection<T> expand(PCollection<T> input) {
    PCollection<T> one = input.getPipeline().apply("Sentinel", Create.of(sentinel).withCoder(coder));
    return PCollectionList.of(input).and(one).apply("AddSentinel", Flatten.pCollections());
  }
}

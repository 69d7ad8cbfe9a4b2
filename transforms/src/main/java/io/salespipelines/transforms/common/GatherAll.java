package io.salespipelines.transforms.common;

import org.apache.beam.sdk.coders.IterableCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * All elements of a small collection as one {@code Iterable} (none when the collection is empty),
 * for steps that need to see every element at once, such as a series of months with its gaps.
 * Only for collections that fit in memory: a few hundred months, not a row per order.
 */
public class GatherAll<T> extends PTransform<PCollection<T>, PCollection<Iterable<T>>> {
  @Override
  public PCollection<Iterable<T>> expand(PCollection<T> input) {
    return input
        .apply("OneKey", WithKeys.<Integer, T>of(0).withKeyType(TypeDescriptors.integers()))
        .setCoder(KvCoder.of(VarIntCoder.of(), input.getCoder()))
        .apply("Together", GroupByKey.create())
        .apply("All", Values.create())
        .setCoder(IterableCoder.of(input.getCoder()));
  }
}

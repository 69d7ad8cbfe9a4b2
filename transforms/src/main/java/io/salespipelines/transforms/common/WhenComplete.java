package io.salespipelines.transforms.common;

import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Passes a small bounded collection (a file list) on once every signal collection is complete, as
 * {@code Wait.on} does, but without a side input: the elements wait in a {@link GroupByKey}, which
 * lets them go when the watermark of the input and of every signal has passed. The signals add no
 * element, only their watermark.
 *
 * <p>Why not {@code Wait.on}: the Direct runner retries a step whose side input is not ready at
 * once, building the step's evaluator anew each time (which serializes the step to its proto form
 * and back), so a gate waiting for a pass over the input kept a core busy while the pass ran. A
 * grouping waits without work on either runner. All elements meet under one key: meant for a few
 * elements in the global window.
 */
public final class WhenComplete<T> extends PTransform<PCollection<T>, PCollection<T>> {
  private static final int KEY = 0;
  private final List<PCollection<?>> signals;

  private WhenComplete(List<PCollection<?>> signals) {
    this.signals = List.copyOf(signals);
  }

  /** Lets the input through once each of {@code signals} is complete. */
  public static <T> WhenComplete<T> of(List<PCollection<?>> signals) {
    return new WhenComplete<>(signals);
  }

  @Override
  public PCollection<T> expand(PCollection<T> input) {
    Coder<T> coder = input.getCoder();
    KvCoder<Integer, T> keyed = KvCoder.of(VarIntCoder.of(), coder);
    PCollectionList<KV<Integer, T>> all =
        PCollectionList.of(input.apply("UnderOneKey", ParDo.of(new UnderOneKeyFn<T>())).setCoder(keyed));
    for (int i = 0; i < signals.size(); i++) {
      all = all.and(watermarkOf(signals.get(i), "Signal" + i, keyed));
    }
    return all.apply("WithSignals", Flatten.pCollections())
        .apply("UntilAllComplete", GroupByKey.create())
        .apply("Released", ParDo.of(new ReleaseFn<T>()))
        .setCoder(coder);
  }

  @SuppressWarnings("unchecked")
  private static <T> PCollection<KV<Integer, T>> watermarkOf(
      PCollection<?> signal, String name, KvCoder<Integer, T> coder) {
    return ((PCollection<Object>) signal).apply(name, ParDo.of(new NoElementFn<T>())).setCoder(coder);
  }

  private static final class UnderOneKeyFn<T> extends DoFn<T, KV<Integer, T>> {
    @ProcessElement
    public void process(@Element T element, OutputReceiver<KV<Integer, T>> out) {
      out.output(KV.of(KEY, element));
    }
  }

  /** Outputs nothing: its output is complete when the signal is. */
  private static final class NoElementFn<T> extends DoFn<Object, KV<Integer, T>> {
    @ProcessElement
    public void process() {}
  }

  private static final class ReleaseFn<T> extends DoFn<KV<Integer, Iterable<T>>, T> {
    @ProcessElement
    public void process(@Element KV<Integer, Iterable<T>> group, OutputReceiver<T> out) {
      for (T element : group.getValue()) {
        out.output(element);
      }
    }
  }
}

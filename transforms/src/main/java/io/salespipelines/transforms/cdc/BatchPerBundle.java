package io.salespipelines.transforms.cdc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * Gathers the elements of a bundle into one list per key and window, emitted when the bundle ends,
 * stamped with the earliest timestamp of the list. It goes before every shuffle of orders-cdc: both
 * runners keep a grouping step's pending values in state and pay for that state per value added
 * (Spark's bag state decodes and re-encodes the whole bag on every add; the Direct runner copies
 * it, through the coder, for every bundle), so a value per record made the cost grow with the
 * square of a pane's size. A value per bundle keeps it near linear.
 */
public class BatchPerBundle<K, V> extends PTransform<PCollection<KV<K, V>>, PCollection<KV<K, List<V>>>> {
  @Override
  public PCollection<KV<K, List<V>>> expand(PCollection<KV<K, V>> input) {
    @SuppressWarnings("unchecked")
    KvCoder<K, V> coder = (KvCoder<K, V>) input.getCoder();
    return input
        .apply("ListPerKeyAndWindow", ParDo.of(new BatchFn<K, V>()))
        .setCoder(KvCoder.of(coder.getKeyCoder(), ListCoder.of(coder.getValueCoder())));
  }

  static class BatchFn<K, V> extends DoFn<KV<K, V>, KV<K, List<V>>> {
    private transient Map<KV<BoundedWindow, K>, Group<V>> groups;

    private static final class Group<V> {
      final List<V> values = new ArrayList<>();
      Instant earliest = BoundedWindow.TIMESTAMP_MAX_VALUE;
    }

    @StartBundle
    public void start() {
      groups = new LinkedHashMap<>();
    }

    @ProcessElement
    public void process(@Element KV<K, V> element, @Timestamp Instant timestamp, BoundedWindow window) {
      Group<V> group = groups.computeIfAbsent(KV.of(window, element.getKey()), k -> new Group<>());
      group.values.add(element.getValue());
      if (timestamp.isBefore(group.earliest)) {
        group.earliest = timestamp;
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext context) {
      for (Map.Entry<KV<BoundedWindow, K>, Group<V>> e : groups.entrySet()) {
        Group<V> group = e.getValue();
        context.output(KV.of(e.getKey().getValue(), group.values), group.earliest, e.getKey().getKey());
      }
      groups.clear();
    }
  }
}

package io.salespipelines.transforms.common;

import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * {@code Combine.globally(fn).withoutDefaults()} for the Direct runner, whose GroupByKey copies the
 * values gathered so far under a key (through their coder) for every bundle that adds one: a global
 * combine's partial accumulators, one per bundle, all under one key, made that quadratic in the
 * bundles (5M rows in 14k-row bundles: minutes of copying 50 KB sketches). Here each bundle's
 * accumulator is spilled to a local file ({@link SpillByKey}), only the segment references are
 * grouped, and one step merges the accumulators as it reads them. No output for empty input. The
 * files go to a folder of their own under {@code java.io.tmpdir} (the Direct runner is one JVM)
 * and are deleted once merged.
 */
public class CombineGloballyInFiles<InputT, AccumT, OutputT>
    extends PTransform<PCollection<InputT>, PCollection<OutputT>> {
  private final Combine.CombineFn<InputT, AccumT, OutputT> fn;
  private final Coder<AccumT> accumulatorCoder;
  private final Coder<OutputT> outputCoder;

  public CombineGloballyInFiles(
      Combine.CombineFn<InputT, AccumT, OutputT> fn, Coder<AccumT> accumulatorCoder, Coder<OutputT> outputCoder) {
    this.fn = fn;
    this.accumulatorCoder = accumulatorCoder;
    this.outputCoder = outputCoder;
  }

  @Override
  public PCollection<OutputT> expand(PCollection<InputT> input) {
    String spillFolder = SpillFolders.newFolder();
    TupleTag<OutputT> output = new TupleTag<>();
    TupleTag<String> merged = new TupleTag<>();
    PCollectionTuple result =
        input
            .apply("AccumulatePerBundle", ParDo.of(new AccumulateFn<>(fn)))
            .setCoder(accumulatorCoder)
            .apply("SpillAccumulators", new SpillByKey<AccumT>(a -> "", spillFolder, 0, SpillByKey.DEFAULT_SPILL_BUFFER_BYTES))
            .apply(
                "MergeAccumulators",
                ParDo.of(new MergeFn<>(fn, accumulatorCoder, output, merged)).withOutputTags(output, TupleTagList.of(merged)));
    result.get(merged).setCoder(StringUtf8Coder.of()).apply("DeleteSpillFiles", new SpillByKey.DeleteSpillFolder<>(spillFolder));
    return result.get(output).setCoder(outputCoder);
  }

  /** One accumulator per bundle. */
  static class AccumulateFn<InputT, AccumT> extends DoFn<InputT, AccumT> {
    private final Combine.CombineFn<InputT, AccumT, ?> fn;
    private transient AccumT accumulator;

    AccumulateFn(Combine.CombineFn<InputT, AccumT, ?> fn) {
      this.fn = fn;
    }

    @StartBundle
    public void startBundle() {
      accumulator = null;
    }

    @ProcessElement
    public void process(@Element InputT element) {
      if (accumulator == null) {
        accumulator = fn.createAccumulator();
      }
      accumulator = fn.addInput(accumulator, element);
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext c) {
      if (accumulator != null) {
        c.output(fn.compact(accumulator), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
        accumulator = null;
      }
    }
  }

  /** Merges the spilled accumulators one at a time; then says the spill files may go. */
  static class MergeFn<AccumT, OutputT> extends DoFn<KV<String, Iterable<SpillSegment>>, OutputT> {
    private final Combine.CombineFn<?, AccumT, OutputT> fn;
    private final Coder<AccumT> accumulatorCoder;
    private final TupleTag<OutputT> output;
    private final TupleTag<String> merged;

    MergeFn(Combine.CombineFn<?, AccumT, OutputT> fn, Coder<AccumT> accumulatorCoder, TupleTag<OutputT> output, TupleTag<String> merged) {
      this.fn = fn;
      this.accumulatorCoder = accumulatorCoder;
      this.output = output;
      this.merged = merged;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<SpillSegment>> all, MultiOutputReceiver out) throws IOException {
      Object[] sum = new Object[1];
      for (SpillSegment segment : all.getValue()) {
        segment.forEach(accumulatorCoder, accumulator -> {
          @SuppressWarnings("unchecked")
          AccumT so = (AccumT) sum[0];
          sum[0] = so == null ? accumulator : fn.mergeAccumulators(List.of(so, accumulator));
        });
      }
      @SuppressWarnings("unchecked")
      AccumT total = (AccumT) sum[0];
      if (total != null) {
        out.get(output).output(fn.extractOutput(total));
      }
      out.get(merged).output(all.getKey());
    }
  }
}

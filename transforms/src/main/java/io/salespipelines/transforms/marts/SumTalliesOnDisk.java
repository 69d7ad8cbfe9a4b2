package io.salespipelines.transforms.marts;

import io.salespipelines.transforms.common.SpillByKey;
import io.salespipelines.transforms.common.SpillFolders;
import io.salespipelines.transforms.common.SpillSegment;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
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
 * {@link SumPerGroup.Tallies} for the Direct runner, in memory that does not grow with the input.
 * The Direct runner keeps every value of a GroupByKey in its heap until the input ends, and a
 * combiner's partial sums per bundle are values too: a partial sum per group and bundle, about one
 * per sale for customer-months. Here each bundle's partial sums are spilled to local files by hash
 * bucket ({@link SpillByKey}) and each bucket is summed from its files, one bucket at a time; memory
 * is a bundle's groups or a bucket's groups. The files go to a folder of their own under {@code
 * java.io.tmpdir} (the Direct runner is one JVM) and are deleted when every bucket is summed.
 */
class SumTalliesOnDisk<K>
    extends PTransform<PCollection<KV<K, KV<BigDecimal, Long>>>, PCollection<KV<K, KV<BigDecimal, Long>>>> {
  /** Enough that a bucket of customer-months stays small whatever the shuffle buckets. */
  static final int MIN_SPILL_BUCKETS = 64;

  /**
   * Bundles the spill buckets are summed in: the Direct runner sets up every later step again for
   * each bundle (translating it to its proto and back), and a bucket per bundle made the summing
   * and the four steps after it 64 bundles each for every aggregate, two thirds of a small run's
   * 1,435 bundles. A few per core keep the cores busy; memory stays one bucket's groups.
   */
  static final int SUM_BUNDLES = Math.max(4, Runtime.getRuntime().availableProcessors());

  private static final TupleTag<String> SUMMED_BUCKETS = new TupleTag<String>() {};

  private final int buckets;
  private final Coder<K> keyCoder;
  private final String spillFolder;

  /** @param keyCoder a deterministic coder of the group keys (they are spilled and compared) */
  SumTalliesOnDisk(int buckets, Coder<K> keyCoder) {
    this(buckets, keyCoder, SpillFolders.newFolder());
  }

  SumTalliesOnDisk(int buckets, Coder<K> keyCoder, String spillFolder) {
    this.buckets = Math.max(MIN_SPILL_BUCKETS, buckets);
    this.keyCoder = keyCoder;
    this.spillFolder = spillFolder;
  }

  @Override
  public PCollection<KV<K, KV<BigDecimal, Long>>> expand(PCollection<KV<K, KV<BigDecimal, Long>>> tallies) {
    Coder<KV<K, KV<BigDecimal, Long>>> keyedTally = SumPerGroup.keyedTally(keyCoder);
    TupleTag<KV<K, KV<BigDecimal, Long>>> groups = new TupleTag<>();
    int n = buckets;
    PCollectionTuple summed =
        tallies
            .apply("SumInBundle", ParDo.of(new SumInBundleFn<K>()))
            .setCoder(keyedTally)
            .apply(
                "SpillByBucket",
                new SpillByKey<KV<K, KV<BigDecimal, Long>>>(
                    kv -> Integer.toString(Math.floorMod(kv.getKey().hashCode(), n)),
                    spillFolder, SUM_BUNDLES, SpillByKey.DEFAULT_SPILL_BUFFER_BYTES))
            .apply(
                "SumBucket",
                ParDo.of(new SumBucketFn<>(keyedTally, groups))
                    .withOutputTags(groups, TupleTagList.of(SUMMED_BUCKETS)));
    summed
        .get(SUMMED_BUCKETS)
        .setCoder(StringUtf8Coder.of())
        .apply("DeleteSpillFiles", new SpillByKey.DeleteSpillFolder<>(spillFolder));
    return summed.get(groups).setCoder(keyedTally);
  }

  /** One partial sum per group and bundle. */
  static class SumInBundleFn<K> extends DoFn<KV<K, KV<BigDecimal, Long>>, KV<K, KV<BigDecimal, Long>>> {
    private transient Map<K, KV<BigDecimal, Long>> sums;

    @StartBundle
    public void startBundle() {
      sums = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element KV<K, KV<BigDecimal, Long>> tally) {
      sums.merge(tally.getKey(), tally.getValue(), SumPerGroup.SumFn::add);
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext c) {
      sums.forEach((group, sum) -> c.output(KV.of(group, sum), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE));
      sums = null;
    }
  }

  /** A bucket's groups, summed from its spilled partial sums; then the bucket, as done. */
  static class SumBucketFn<K> extends DoFn<KV<String, Iterable<SpillSegment>>, KV<K, KV<BigDecimal, Long>>> {
    private final Coder<KV<K, KV<BigDecimal, Long>>> keyedTally;
    private final TupleTag<KV<K, KV<BigDecimal, Long>>> groups;

    SumBucketFn(Coder<KV<K, KV<BigDecimal, Long>>> keyedTally, TupleTag<KV<K, KV<BigDecimal, Long>>> groups) {
      this.keyedTally = keyedTally;
      this.groups = groups;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<SpillSegment>> bucket, MultiOutputReceiver out)
        throws java.io.IOException {
      Map<K, KV<BigDecimal, Long>> sums = new HashMap<>();
      for (SpillSegment segment : bucket.getValue()) {
        segment.forEach(keyedTally, kv -> sums.merge(kv.getKey(), kv.getValue(), SumPerGroup.SumFn::add));
      }
      sums.forEach((group, sum) -> out.get(groups).output(KV.of(group, sum)));
      out.get(SUMMED_BUCKETS).output(bucket.getKey());
    }
  }
}

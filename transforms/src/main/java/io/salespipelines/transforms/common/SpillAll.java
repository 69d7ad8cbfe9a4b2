package io.salespipelines.transforms.common;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.IterableCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Brings every element of a collection together through spill files ({@link SpillByKey} under one
 * key), for a step that writes them all into one file. The output is exactly one element, also
 * for an empty input: the spill segments in file order (the same elements in the same order
 * whichever order the shuffle gave), read with {@link SpillSegment#forEach}; {@link
 * SpillByKey.DeleteSpillFolder} after the writing step removes the files.
 *
 * <p>Not a shuffle of the elements into one shard: that holds them all in one key, which the Direct
 * runner keeps in its heap and copies again for every bundle that adds to it (a 100k-row aggregate
 * table cost 15 s of a 40 s run that way), and which Spark gathers into one task's list.
 */
public class SpillAll<T> extends PTransform<PCollection<T>, PCollection<List<SpillSegment>>> {
  /** The one key everything is spilled under; a sentinel with no segments stands for an empty input. */
  private static final String ALL = "";

  private final String spillFolder;
  private final long bufferBytes;

  /** @param spillFolder where the spill files go (a folder of their own: it is deleted as a whole) */
  public SpillAll(String spillFolder, long bufferBytes) {
    this.spillFolder = spillFolder;
    this.bufferBytes = bufferBytes;
  }

  @Override
  public PCollection<List<SpillSegment>> expand(PCollection<T> elements) {
    KvCoder<String, Iterable<SpillSegment>> segmentsCoder =
        KvCoder.of(StringUtf8Coder.of(), IterableCoder.of(SpillSegment.Coder.INSTANCE));
    PCollection<KV<String, Iterable<SpillSegment>>> spilled =
        elements.apply("Spill", new SpillByKey<T>(element -> ALL, spillFolder, 0, bufferBytes));
    PCollection<KV<String, Iterable<SpillSegment>>> none =
        elements
            .getPipeline()
            .apply("NoSegments", Create.of(KV.<String, Iterable<SpillSegment>>of(ALL, List.of())).withCoder(segmentsCoder));
    return PCollectionList.of(spilled)
        .and(none)
        .apply("WithSentinel", Flatten.pCollections())
        .apply("AllSegments", new GatherAll<>())
        .apply("InFileOrder", ParDo.of(new InFileOrderFn()))
        .setCoder(ListCoder.of(SpillSegment.Coder.INSTANCE));
  }

  static class InFileOrderFn extends DoFn<Iterable<KV<String, Iterable<SpillSegment>>>, List<SpillSegment>> {
    @ProcessElement
    public void process(@Element Iterable<KV<String, Iterable<SpillSegment>>> spilled, OutputReceiver<List<SpillSegment>> out) {
      List<SpillSegment> segments = new ArrayList<>();
      spilled.forEach(kv -> kv.getValue().forEach(segments::add));
      segments.sort(SpillSegment.FILE_ORDER);
      out.output(segments);
    }
  }
}

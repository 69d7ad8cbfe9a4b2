package io.salespipelines.transforms.dedup;

import java.util.List;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The keys earlier runs over the same output accepted, as {@link DeduplicateByKey} reads them:
 * once, after the sketch of this run's keys is complete, and only those the sketch may hold. A run
 * can repeat only its own keys, so the reader may drop the others as it reads (a day's run on top
 * of a year of history needs a few of millions of ids: {@code ReadAcceptedIds.keeping}).
 */
@FunctionalInterface
public interface EarlierKeys {
  /**
   * @param name a name for the read, unique in the pipeline
   * @param after the collections that must be complete before the read starts
   * @param runKeys the sketch of this run's keys: keys it certainly lacks may be left out
   */
  PCollection<String> read(String name, List<PCollection<?>> after, PCollectionView<KeySketch> runKeys);

  /** Keys already read: the sketch filters them in a step of its own. */
  static EarlierKeys of(PCollection<String> keys) {
    return (name, after, runKeys) ->
        keys.apply(name, ParDo.of(new DeduplicateByKey.MaybeInRunFn(runKeys)).withSideInputs(runKeys));
  }
}

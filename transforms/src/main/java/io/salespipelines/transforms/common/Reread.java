package io.salespipelines.transforms.common;

import java.util.List;
import org.apache.beam.sdk.values.PCollection;

/**
 * A collection that a transform goes over more than once, each pass needing what an earlier pass
 * computed over all of it (a sketch, verdicts). Each pass calls {@link #read} with the collections
 * it needs complete. Either the same collection comes back every time ({@link #once}: the runner
 * keeps it between passes, Spark in its cache), or the input is read afresh once those collections
 * are complete ({@link WhenComplete}), so that nothing is held between passes: the Direct runner keeps in
 * its heap every element that waits for a side input, which was the whole input.
 */
@FunctionalInterface
public interface Reread<T> {
  /**
   * @param name a name for this pass's read, unique in the pipeline
   * @param after the collections that must be complete before a fresh read starts
   */
  PCollection<T> read(String name, List<PCollection<?>> after);

  /** The same collection for every pass. */
  static <T> Reread<T> once(PCollection<T> records) {
    return (name, after) -> records;
  }
}

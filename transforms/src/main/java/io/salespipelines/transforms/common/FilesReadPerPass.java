package io.salespipelines.transforms.common;

import io.salespipelines.schemas.DeadLetter;
import java.util.List;
import java.util.function.Supplier;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A {@link Reread} over landing files: each pass applies a job's failsafe read (parse, validate,
 * ...) to the files afresh once what the pass needs is complete. Only the last read's dead letters
 * are the run's: every read sees the same records and rejects the same ones.
 */
public final class FilesReadPerPass<T> implements Reread<T> {
  private final PCollection<String> files;
  private final Supplier<PTransform<PCollection<String>, WithFailures.Result<PCollection<T>, DeadLetter>>> read;
  private @Nullable PCollection<DeadLetter> lastDeadLetters;
  private int reads;

  /** @param read makes the read of one pass (a new transform each time: each is applied once) */
  public FilesReadPerPass(
      PCollection<String> files,
      Supplier<PTransform<PCollection<String>, WithFailures.Result<PCollection<T>, DeadLetter>>> read) {
    this.files = files;
    this.read = read;
  }

  @Override
  public PCollection<T> read(String name, List<PCollection<?>> after) {
    PCollection<String> ready =
        after.isEmpty() ? files : files.apply(name + "WhenReady", WhenComplete.of(after));
    WithFailures.Result<PCollection<T>, DeadLetter> records = ready.apply(name, read.get());
    lastDeadLetters = records.failures();
    reads++;
    return records.output();
  }

  /** How many reads of the files the pipeline has (for the progress lines). */
  public int reads() {
    return reads;
  }

  /** The dead letters of the last read. */
  public PCollection<DeadLetter> lastDeadLetters() {
    if (lastDeadLetters == null) {
      throw new IllegalStateException("no read yet");
    }
    return lastDeadLetters;
  }
}

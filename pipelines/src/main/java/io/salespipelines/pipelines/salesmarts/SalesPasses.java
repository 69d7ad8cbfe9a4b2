package io.salespipelines.pipelines.salesmarts;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.transforms.common.Reread;
import io.salespipelines.transforms.dimensions.Dimensions;
import java.util.List;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The sales for each pass of the duplicate check, read afresh from the landing files once the
 * pass's side inputs are complete ({@link Reread}). Only the last read's dead letters are the
 * run's: each read sees the same rows and rejects the same ones.
 */
final class SalesPasses implements Reread<EnrichedSale> {
  private final PCollection<String> files;
  private final Dimensions dimensions;
  private @Nullable PCollection<DeadLetter> lastDeadLetters;
  private int reads;

  SalesPasses(PCollection<String> files, Dimensions dimensions) {
    this.files = files;
    this.dimensions = dimensions;
  }

  @Override
  public PCollection<EnrichedSale> read(String name, List<PCollection<?>> after) {
    PCollection<String> ready =
        after.isEmpty() ? files : files.apply(name + "WhenReady", Wait.on(after.toArray(new PCollection<?>[0])));
    WithFailures.Result<PCollection<EnrichedSale>, DeadLetter> sales = ready.apply(name, new ReadSales(dimensions, true));
    lastDeadLetters = sales.failures();
    reads++;
    return sales.output();
  }

  /** How many reads of the files the pipeline has. */
  int reads() {
    return reads;
  }

  /** The dead letters of the last read. */
  PCollection<DeadLetter> lastDeadLetters() {
    if (lastDeadLetters == null) {
      throw new IllegalStateException("no read yet");
    }
    return lastDeadLetters;
  }
}

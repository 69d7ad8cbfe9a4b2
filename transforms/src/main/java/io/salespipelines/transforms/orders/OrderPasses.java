package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.Order;
import io.salespipelines.schemas.ParsedOrder;
import io.salespipelines.transforms.common.Reread;
import java.util.List;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The valid orders for each pass of the duplicate check, read afresh from the order files ({@link
 * ParseOrderFile}, {@link ValidateOrder}) once the pass's side inputs are complete ({@link Reread}).
 * Only the last read's dead letters are the run's: each read sees the same orders and rejects the
 * same ones.
 */
final class OrderPasses implements Reread<Order> {
  private final PCollection<String> files;
  private @Nullable PCollection<DeadLetter> lastDeadLetters;
  private int reads;

  OrderPasses(PCollection<String> files) {
    this.files = files;
  }

  @Override
  public PCollection<Order> read(String name, List<PCollection<?>> after) {
    PCollection<String> ready =
        after.isEmpty() ? files : files.apply(name + "WhenReady", Wait.on(after.toArray(new PCollection<?>[0])));
    WithFailures.Result<PCollection<ParsedOrder>, DeadLetter> parsed =
        ready.apply(name + "ParseOrderFile", new ParseOrderFile());
    WithFailures.Result<PCollection<Order>, DeadLetter> validated =
        parsed.output().apply(name + "ValidateOrder", new ValidateOrder());
    lastDeadLetters =
        PCollectionList.of(parsed.failures())
            .and(validated.failures())
            .apply(name + "DeadLetters", Flatten.pCollections());
    reads++;
    return validated.output();
  }

  /** How many reads of the files the pipeline has. */
  int reads() {
    return reads;
  }

  /** The parse and validation dead letters of the last read. */
  PCollection<DeadLetter> lastDeadLetters() {
    if (lastDeadLetters == null) {
      throw new IllegalStateException("no read yet");
    }
    return lastDeadLetters;
  }
}

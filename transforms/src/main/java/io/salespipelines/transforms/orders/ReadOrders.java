package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.Order;
import io.salespipelines.schemas.ParsedOrder;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/** Order file paths → the valid orders, and the dead letters of parsing and validation. */
class ReadOrders extends PTransform<PCollection<String>, WithFailures.Result<PCollection<Order>, DeadLetter>> {
  @Override
  public WithFailures.Result<PCollection<Order>, DeadLetter> expand(PCollection<String> files) {
    WithFailures.Result<PCollection<ParsedOrder>, DeadLetter> parsed = files.apply("ParseOrderFile", new ParseOrderFile());
    WithFailures.Result<PCollection<Order>, DeadLetter> validated = parsed.output().apply("ValidateOrder", new ValidateOrder());
    PCollection<DeadLetter> deadLetters =
        PCollectionList.of(parsed.failures()).and(validated.failures()).apply("ReadDeadLetters", Flatten.pCollections());
    return WithFailures.Result.of(validated.output(), deadLetters);
  }
}

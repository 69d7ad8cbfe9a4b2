package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.Order;
import io.salespipelines.transforms.parse.ReadFileRanges;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * The valid orders of some order files, read again: {@link ParseOrderFile} then {@link
 * ValidateOrder}, their dead letters left out (the first read reports them). The same files give
 * the same orders, with the same places (file, line, ordinal), as the first read.
 */
public class ReadValidOrders extends PTransform<PCollection<String>, PCollection<Order>> {
  @Override
  public PCollection<Order> expand(PCollection<String> files) {
    return files
        .apply("ParseOrderFile", new ParseOrderFile().countedAs(ParseOrderFile.METRICS + ReadFileRanges.READ_AGAIN))
        .output()
        .apply("ValidateOrder", new ValidateOrder())
        .output();
  }
}

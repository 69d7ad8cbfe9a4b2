package io.salespipelines.pipelines.salesmarts;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.schemas.SalesLine;
import io.salespipelines.schemas.SalesTransaction;
import io.salespipelines.transforms.dimensions.Dimensions;
import io.salespipelines.transforms.join.JoinDimensions;
import io.salespipelines.transforms.parse.ParseSalesFile;
import io.salespipelines.transforms.validate.ValidateSalesLine;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Landing file paths → the valid sales joined to their dimensions, and the dead letters of every
 * step on the way (parse, validate, join).
 */
class ReadSales
    extends PTransform<PCollection<String>, WithFailures.Result<PCollection<EnrichedSale>, DeadLetter>> {
  private final Dimensions dimensions;
  private final boolean direct;

  /** @param direct for the Direct runner: the reads wait while its heap fills (no backpressure) */
  ReadSales(Dimensions dimensions, boolean direct) {
    this.dimensions = dimensions;
    this.direct = direct;
  }

  @Override
  public WithFailures.Result<PCollection<EnrichedSale>, DeadLetter> expand(PCollection<String> files) {
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> parsed =
        files.apply("ParseSalesFile", direct ? new ParseSalesFile().waitingForHeap() : new ParseSalesFile());
    WithFailures.Result<PCollection<SalesTransaction>, DeadLetter> validated =
        parsed.output().apply("ValidateSalesLine", new ValidateSalesLine());
    WithFailures.Result<PCollection<EnrichedSale>, DeadLetter> joined =
        validated.output().apply("JoinDimensions", new JoinDimensions(dimensions));
    PCollection<DeadLetter> deadLetters =
        PCollectionList.of(parsed.failures())
            .and(validated.failures())
            .and(joined.failures())
            .apply("ReadDeadLetters", Flatten.pCollections());
    return WithFailures.Result.of(joined.output(), deadLetters);
  }
}

package io.salespipelines.transforms.cdc;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.ErrorType;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

public class ParseChangeRecordsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void aRecordRejectedAsItWasReadKeepsItsErrorType() {
    // Was: every record the reader rejected became malformed, whatever the reader said.
    PCollection<RawChange> in =
        p.apply(Create.of(
            RawChange.rejected("f", 1, "{\"eventID\":\"evt-\\xE9\"}", ErrorType.INVALID_ENCODING, "not UTF-8"),
            RawChange.rejected("f", 2, "yyyy", ErrorType.MALFORMED, "record longer than 1000000 bytes")));
    PCollectionTuple out = in.apply(new ParseChangeRecords());
    PCollection<String> dead =
        out.get(ParseChangeRecords.DEAD_LETTERS)
            .apply(MapElements.into(TypeDescriptors.strings())
                .via((DeadLetter d) -> d.getLine() + ":" + d.getErrorType() + ":" + d.getRaw()));
    PAssert.that(dead).containsInAnyOrder("1:invalid_encoding:{\"eventID\":\"evt-\\xE9\"}", "2:malformed:yyyy");
    PAssert.that(out.get(ParseChangeRecords.EVENTS)).empty();
    p.run().waitUntilFinish();
  }
}

package io.salespipelines.schemas.coders;

import static org.hamcrest.Matchers.equalTo;

import io.salespipelines.schemas.SalesLine;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.Test;

public class SalesLineCoderTest {
  @Test
  public void everyFieldRoundTripsNullOrNot() throws Exception {
    SalesLine full =
        SalesLine.builder()
            .setSource("file:///in/a.csv").setLine(42L).setRaw("T1,C1,,P1").setTransactionId("T1")
            .setCustomerId("C1").setStoreId("").setProductById(false).setProductId(null)
            .setProductName("Wïdget").setSalesPersonId("SP1").setSalesDate("2025-02-30")
            .setPrice("1.5").setQuantity("x").setTotalCost("1e3").setAdditionalColumns("{\"b\":null}")
            .build();
    SalesLine empty = SalesLine.builder().setSource("s").setLine(0L).setRaw("").build();
    for (SalesLine line : new SalesLine[] {full, empty}) {
      CoderProperties.coderDecodeEncodeEqual(SalesLineCoder.of(), line);
      CoderProperties.coderDecodeEncodeInContext(SalesLineCoder.of(), Coder.Context.NESTED, line, equalTo(line));
    }
    CoderProperties.coderSerializable(SalesLineCoder.of());
  }
}

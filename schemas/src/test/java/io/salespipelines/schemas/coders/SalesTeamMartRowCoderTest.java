package io.salespipelines.schemas.coders;

import static org.hamcrest.Matchers.equalTo;

import io.salespipelines.schemas.SalesTeamMartRow;
import java.math.BigDecimal;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.Test;

public class SalesTeamMartRowCoderTest {
  @Test
  public void everyFieldRoundTripsNullOrNot() throws Exception {
    SalesTeamMartRow named =
        SalesTeamMartRow.create("T1", "SP1", "Ann", "Ñúñez", "S/1", "2025-06-01", new BigDecimal("10.00"));
    SalesTeamMartRow unnamed =
        SalesTeamMartRow.create("T2", "SP2", null, null, "S2", "2025-06-02", new BigDecimal("-1.05"));
    for (SalesTeamMartRow row : new SalesTeamMartRow[] {named, unnamed}) {
      CoderProperties.coderDecodeEncodeEqual(SalesTeamMartRowCoder.of(), row);
      CoderProperties.coderDecodeEncodeInContext(SalesTeamMartRowCoder.of(), Coder.Context.NESTED, row, equalTo(row));
    }
    CoderProperties.coderSerializable(SalesTeamMartRowCoder.of());
  }
}

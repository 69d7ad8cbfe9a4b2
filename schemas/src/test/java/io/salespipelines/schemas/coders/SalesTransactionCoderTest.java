package io.salespipelines.schemas.coders;

import static org.hamcrest.Matchers.equalTo;

import io.salespipelines.schemas.SalesTransaction;
import java.math.BigDecimal;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.Test;

public class SalesTransactionCoderTest {
  @Test
  public void everyFieldRoundTrips() throws Exception {
    SalesTransaction sale = sale(false, -3);
    SalesTransaction byId = sale(true, Integer.MAX_VALUE);
    for (SalesTransaction s : new SalesTransaction[] {sale, byId}) {
      CoderProperties.coderDecodeEncodeEqual(SalesTransactionCoder.of(), s);
      CoderProperties.coderDecodeEncodeInContext(SalesTransactionCoder.of(), Coder.Context.NESTED, s, equalTo(s));
    }
    CoderProperties.coderSerializable(SalesTransactionCoder.of());
  }

  private static SalesTransaction sale(boolean productById, int quantity) {
    return SalesTransaction.builder()
            .setTransactionId("T-1").setCustomerId("C1").setStoreId("S1").setProductById(productById)
            .setProductKey("Ünïcode Widget").setSalesPersonId("SP1").setSalesDate("2025-01-31")
            .setPrice(new BigDecimal("0.05")).setQuantity(quantity).setTotalCost(new BigDecimal("-0.15"))
            .setAdditionalColumns("{}").setSource("s3://b/in/x.json").setLine(1L).setRaw("{\"a\":1}")
            .build();
  }
}

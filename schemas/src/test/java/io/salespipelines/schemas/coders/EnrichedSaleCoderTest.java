package io.salespipelines.schemas.coders;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.salespipelines.schemas.EnrichedSale;
import java.math.BigDecimal;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;

public class EnrichedSaleCoderTest {
  static EnrichedSale full() {
    return EnrichedSale.builder()
        .setTransactionId("T-1").setCustomerId("C1").setCustomerFirstName("Zoë")
        .setCustomerLastName("Ørsted").setCustomerAddress("1 Rue, \"A\"").setCustomerPincode("560001")
        .setCustomerPhoneNumber("+91 98").setStoreId("S1").setStoreName("Store €").setStoreLocation("Pune")
        .setProductId("P1").setSalesPersonId("SP1").setSalesPersonFirstName("Ann").setSalesPersonLastName("Lee")
        .setSalesDate("2025-06-30").setSalesYear(2025).setSalesMonth(6)
        .setTotalCost(new BigDecimal("9999999999999999.99")).setAdditionalColumns("{\"x\":\"1\"}")
        .setSource("file:///in/sales 1.csv").setLine(3_000_000_000L).setRaw("T-1,C1,S1,…")
        .build();
  }

  static EnrichedSale nulls() {
    return full().toBuilder()
        .setCustomerFirstName(null).setCustomerLastName(null).setCustomerAddress(null)
        .setCustomerPincode(null).setCustomerPhoneNumber(null).setStoreName(null).setStoreLocation(null)
        .setSalesPersonFirstName(null).setSalesPersonLastName(null)
        .setTotalCost(new BigDecimal("-0.50")).setAdditionalColumns("").setRaw("")
        .build();
  }

  @Test
  public void everyFieldRoundTrips() throws Exception {
    Coder<EnrichedSale> coder = EnrichedSaleCoder.of();
    for (EnrichedSale sale : new EnrichedSale[] {full(), nulls()}) {
      CoderProperties.coderDecodeEncodeEqual(coder, sale);
      CoderProperties.coderDecodeEncodeInContext(coder, Coder.Context.NESTED, sale, equalTo(sale));
      CoderProperties.coderDeterministic(coder, sale, sale);
    }
  }

  @Test
  public void moneyKeepsItsScale() throws Exception {
    EnrichedSale sale = full().toBuilder().setTotalCost(new BigDecimal("12.30")).build();
    BigDecimal back = CoderUtils.clone(EnrichedSaleCoder.of(), sale).getTotalCost();
    assertThat(back.scale(), equalTo(2));
    assertThat(back.toPlainString(), equalTo("12.30"));
  }

  @Test
  public void isSerializableAndEqualToItself() {
    CoderProperties.coderSerializable(EnrichedSaleCoder.of());
    assertThat(
        org.apache.beam.sdk.util.SerializableUtils.clone(EnrichedSaleCoder.of()),
        equalTo((Coder<EnrichedSale>) EnrichedSaleCoder.of()));
  }
}

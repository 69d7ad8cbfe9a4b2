package io.salespipelines.transforms.testing;

import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.schemas.SalesLine;
import io.salespipelines.schemas.SalesTransaction;
import java.math.BigDecimal;

/** Small builders of records for transform tests. */
public final class Sales {
  private Sales() {}

  public static SalesLine.Builder line() {
    return SalesLine.builder()
        .setSource("/in/a.csv")
        .setLine(2)
        .setRaw("raw")
        .setTransactionId("T1")
        .setCustomerId("C1")
        .setStoreId("S1")
        .setProductById(true)
        .setProductId("P1")
        .setSalesPersonId("SP1")
        .setSalesDate("2025-06-10")
        .setPrice("10.00")
        .setQuantity("2")
        .setTotalCost("20.00");
  }

  public static SalesTransaction.Builder transaction() {
    return SalesTransaction.builder()
        .setTransactionId("T1")
        .setCustomerId("C1")
        .setStoreId("S1")
        .setProductById(true)
        .setProductKey("P1")
        .setSalesPersonId("SP1")
        .setSalesDate("2025-06-10")
        .setPrice(new BigDecimal("10.00"))
        .setQuantity(2)
        .setTotalCost(new BigDecimal("20.00"))
        .setAdditionalColumns("{}")
        .setSource("/in/a.csv")
        .setLine(2)
        .setRaw("raw");
  }

  public static EnrichedSale sale(
      String tx, String store, String customer, String person, String date, String amount,
      String source, long line) {
    return EnrichedSale.builder()
        .setTransactionId(tx)
        .setCustomerId(customer)
        .setCustomerFirstName("F" + customer)
        .setCustomerLastName("L" + customer)
        .setCustomerAddress("addr")
        .setCustomerPincode("123")
        .setCustomerPhoneNumber("555")
        .setStoreId(store)
        .setStoreName("Store " + store)
        .setStoreLocation("Town")
        .setProductId("P1")
        .setSalesPersonId(person)
        .setSalesPersonFirstName("F" + person)
        .setSalesPersonLastName("L" + person)
        .setSalesDate(date)
        .setSalesYear(Integer.parseInt(date.substring(0, 4)))
        .setSalesMonth(Integer.parseInt(date.substring(5, 7)))
        .setTotalCost(new BigDecimal(amount))
        .setAdditionalColumns("{}")
        .setSource(source)
        .setLine(line)
        .setRaw("raw " + tx)
        .build();
  }
}

package io.salespipelines.transforms.parse;

import io.salespipelines.schemas.SalesLine;
import java.util.Map;

/** Builds a {@link SalesLine} from the values a file format found for the contract columns. */
final class SalesLines {
  private SalesLines() {}

  static SalesLine from(
      String source, long line, String raw, Map<SalesColumn, String> values, String additional) {
    return SalesLine.builder()
        .setSource(source)
        .setLine(line)
        .setRaw(raw)
        .setTransactionId(values.get(SalesColumn.TRANSACTION_ID))
        .setCustomerId(values.get(SalesColumn.CUSTOMER_ID))
        .setStoreId(values.get(SalesColumn.STORE_ID))
        .setProductById(values.containsKey(SalesColumn.PRODUCT_ID))
        .setProductId(values.get(SalesColumn.PRODUCT_ID))
        .setProductName(values.get(SalesColumn.PRODUCT_NAME))
        .setSalesPersonId(values.get(SalesColumn.SALES_PERSON_ID))
        .setSalesDate(values.get(SalesColumn.SALES_DATE))
        .setPrice(values.get(SalesColumn.PRICE))
        .setQuantity(values.get(SalesColumn.QUANTITY))
        .setTotalCost(values.get(SalesColumn.TOTAL_COST))
        .setAdditionalColumns(additional)
        .build();
  }
}

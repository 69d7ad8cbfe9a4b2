package io.salespipelines.transforms.parse;

import java.util.Locale;
import java.util.Map;

/** The columns of the sales contract (SPEC 1.1), matched case-insensitively, with their aliases. */
enum SalesColumn {
  TRANSACTION_ID,
  CUSTOMER_ID,
  STORE_ID,
  PRODUCT_ID,
  PRODUCT_NAME,
  SALES_PERSON_ID,
  SALES_DATE,
  PRICE,
  QUANTITY,
  TOTAL_COST;

  private static final Map<String, SalesColumn> ALIASES =
      Map.of("sales_amount", TOTAL_COST, "timestamp", SALES_DATE);

  /** The name used in files and in error_field. */
  String columnName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The column a header name stands for, or null for a column outside the contract. */
  static SalesColumn forName(String header) {
    String name = header.trim().toLowerCase(Locale.ROOT);
    for (SalesColumn c : values()) {
      if (c.columnName().equals(name)) {
        return c;
      }
    }
    return null;
  }

  static SalesColumn forAlias(String header) {
    return ALIASES.get(header.trim().toLowerCase(Locale.ROOT));
  }
}

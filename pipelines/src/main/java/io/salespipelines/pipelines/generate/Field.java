package io.salespipelines.pipelines.generate;

/** A landing-file column the generator can write, named as in SPEC 1.1 (plus some extras). */
enum Field {
  TRANSACTION_ID("transaction_id", false),
  CUSTOMER_ID("customer_id", true),
  STORE_ID("store_id", true),
  PRODUCT_ID("product_id", true),
  PRODUCT_NAME("product_name", true),
  SALES_PERSON_ID("sales_person_id", true),
  SALES_DATE("sales_date", true),
  PRICE("price", true),
  QUANTITY("quantity", true),
  TOTAL_COST("total_cost", true),
  // Extras: the pipeline keeps them in additional_columns.
  CHANNEL("channel", false),
  PROMO_CODE("promo_code", false),
  NOTE("note", false);

  final String canonical;
  final boolean mandatory;

  Field(String canonical, boolean mandatory) {
    this.canonical = canonical;
    this.mandatory = mandatory;
  }

  boolean isNumeric() {
    return this == PRICE || this == QUANTITY || this == TOTAL_COST;
  }
}

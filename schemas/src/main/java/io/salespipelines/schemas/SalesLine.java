package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCaseFormat;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.CaseFormat;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One data record of a landing file, split into the contract's columns but not yet typed. A null
 * value is a JSON null; an empty string is an empty CSV field.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@SchemaCaseFormat(CaseFormat.LOWER_UNDERSCORE)
public abstract class SalesLine {
  public abstract String source();

  public abstract long line();

  public abstract String raw();

  /** Null when the file has no transaction_id column (or the JSON line no such key). */
  public abstract @Nullable String transactionId();

  public abstract @Nullable String customerId();

  public abstract @Nullable String storeId();

  /** True when the record names its product by product_id, false when by product_name. */
  public abstract boolean productById();

  public abstract @Nullable String productId();

  public abstract @Nullable String productName();

  public abstract @Nullable String salesPersonId();

  public abstract @Nullable String salesDate();

  public abstract @Nullable String price();

  public abstract @Nullable String quantity();

  public abstract @Nullable String totalCost();

  /** Columns outside the contract, as a JSON object text sorted by name ({@code {}} if none). */
  public abstract String additionalColumns();

  public static Builder builder() {
    return new AutoValue_SalesLine.Builder().setAdditionalColumns("{}").setProductById(true);
  }

  public abstract Builder toBuilder();

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setSource(String v);

    public abstract Builder setLine(long v);

    public abstract Builder setRaw(String v);

    public abstract Builder setTransactionId(@Nullable String v);

    public abstract Builder setCustomerId(@Nullable String v);

    public abstract Builder setStoreId(@Nullable String v);

    public abstract Builder setProductById(boolean v);

    public abstract Builder setProductId(@Nullable String v);

    public abstract Builder setProductName(@Nullable String v);

    public abstract Builder setSalesPersonId(@Nullable String v);

    public abstract Builder setSalesDate(@Nullable String v);

    public abstract Builder setPrice(@Nullable String v);

    public abstract Builder setQuantity(@Nullable String v);

    public abstract Builder setTotalCost(@Nullable String v);

    public abstract Builder setAdditionalColumns(String v);

    public abstract SalesLine build();
  }
}

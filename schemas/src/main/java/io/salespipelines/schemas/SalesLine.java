package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One data record of a landing file, split into the contract's columns but not yet typed. A null
 * value is a JSON null; an empty string is an empty CSV field.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class SalesLine {
  public abstract String getSource();

  public abstract long getLine();

  public abstract String getRaw();

  /** Null when the file has no transaction_id column (or the JSON line no such key). */
  public abstract @Nullable String getTransactionId();

  public abstract @Nullable String getCustomerId();

  public abstract @Nullable String getStoreId();

  /** True when the record names its product by product_id, false when by product_name. */
  public abstract boolean getProductById();

  public abstract @Nullable String getProductId();

  public abstract @Nullable String getProductName();

  public abstract @Nullable String getSalesPersonId();

  public abstract @Nullable String getSalesDate();

  public abstract @Nullable String getPrice();

  public abstract @Nullable String getQuantity();

  public abstract @Nullable String getTotalCost();

  /** Columns outside the contract, as a JSON object text sorted by name ({@code {}} if none). */
  public abstract String getAdditionalColumns();

  public static Builder builder() {
    return new AutoValue_SalesLine.Builder().setAdditionalColumns("{}").setProductById(true);
  }

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

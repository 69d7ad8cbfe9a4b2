package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A valid sale joined with its store, customer, product and sales person: everything every mart
 * needs, so the marts are projections and aggregations of one collection.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class EnrichedSale {
  public abstract String getTransactionId();

  public abstract String getCustomerId();

  public abstract @Nullable String getCustomerFirstName();

  public abstract @Nullable String getCustomerLastName();

  public abstract @Nullable String getCustomerAddress();

  public abstract @Nullable String getCustomerPincode();

  public abstract @Nullable String getCustomerPhoneNumber();

  public abstract String getStoreId();

  public abstract @Nullable String getStoreName();

  public abstract @Nullable String getStoreLocation();

  public abstract String getProductId();

  public abstract String getSalesPersonId();

  public abstract @Nullable String getSalesPersonFirstName();

  public abstract @Nullable String getSalesPersonLastName();

  /** ISO-8601 UTC date, {@code yyyy-MM-dd}. */
  public abstract String getSalesDate();

  public abstract int getSalesYear();

  public abstract int getSalesMonth();

  public abstract BigDecimal getTotalCost();

  public abstract String getAdditionalColumns();

  public abstract String getSource();

  public abstract long getLine();

  public abstract String getRaw();

  public static Builder builder() {
    return new AutoValue_EnrichedSale.Builder();
  }

  public abstract Builder toBuilder();

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setTransactionId(String v);

    public abstract Builder setCustomerId(String v);

    public abstract Builder setCustomerFirstName(@Nullable String v);

    public abstract Builder setCustomerLastName(@Nullable String v);

    public abstract Builder setCustomerAddress(@Nullable String v);

    public abstract Builder setCustomerPincode(@Nullable String v);

    public abstract Builder setCustomerPhoneNumber(@Nullable String v);

    public abstract Builder setStoreId(String v);

    public abstract Builder setStoreName(@Nullable String v);

    public abstract Builder setStoreLocation(@Nullable String v);

    public abstract Builder setProductId(String v);

    public abstract Builder setSalesPersonId(String v);

    public abstract Builder setSalesPersonFirstName(@Nullable String v);

    public abstract Builder setSalesPersonLastName(@Nullable String v);

    public abstract Builder setSalesDate(String v);

    public abstract Builder setSalesYear(int v);

    public abstract Builder setSalesMonth(int v);

    public abstract Builder setTotalCost(BigDecimal v);

    public abstract Builder setAdditionalColumns(String v);

    public abstract Builder setSource(String v);

    public abstract Builder setLine(long v);

    public abstract Builder setRaw(String v);

    public abstract EnrichedSale build();
  }
}

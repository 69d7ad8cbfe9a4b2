package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCaseFormat;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.CaseFormat;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A valid sale joined with its store, customer, product and sales person: everything every mart
 * needs, so the marts are projections and aggregations of one collection.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@SchemaCaseFormat(CaseFormat.LOWER_UNDERSCORE)
public abstract class EnrichedSale {
  public abstract String transactionId();

  public abstract String customerId();

  public abstract @Nullable String customerFirstName();

  public abstract @Nullable String customerLastName();

  public abstract @Nullable String customerAddress();

  public abstract @Nullable String customerPincode();

  public abstract @Nullable String customerPhoneNumber();

  public abstract String storeId();

  public abstract @Nullable String storeName();

  public abstract @Nullable String storeLocation();

  public abstract String productId();

  public abstract String salesPersonId();

  public abstract @Nullable String salesPersonFirstName();

  public abstract @Nullable String salesPersonLastName();

  /** ISO-8601 UTC date, {@code yyyy-MM-dd}. */
  public abstract String salesDate();

  public abstract int salesYear();

  public abstract int salesMonth();

  public abstract BigDecimal totalCost();

  public abstract String additionalColumns();

  public abstract String source();

  public abstract long line();

  public abstract String raw();

  public static Builder builder() {
    return new AutoValue_EnrichedSale.Builder();
  }

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

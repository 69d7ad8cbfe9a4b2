package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** A sales record whose values all parsed: money in cents-exact BigDecimal, the date in UTC. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class SalesTransaction {
  public abstract String getTransactionId();

  public abstract String getCustomerId();

  public abstract String getStoreId();

  public abstract boolean getProductById();

  /** The product_id, or the product_name when {@link #productById()} is false. */
  public abstract String getProductKey();

  public abstract String getSalesPersonId();

  /** The UTC calendar date of the sale, ISO-8601 ({@code yyyy-MM-dd}). */
  public abstract String getSalesDate();

  public abstract BigDecimal getPrice();

  public abstract int getQuantity();

  public abstract BigDecimal getTotalCost();

  public abstract String getAdditionalColumns();

  public abstract String getSource();

  public abstract long getLine();

  public abstract String getRaw();

  public static Builder builder() {
    return new AutoValue_SalesTransaction.Builder();
  }

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setTransactionId(String v);

    public abstract Builder setCustomerId(String v);

    public abstract Builder setStoreId(String v);

    public abstract Builder setProductById(boolean v);

    public abstract Builder setProductKey(String v);

    public abstract Builder setSalesPersonId(String v);

    public abstract Builder setSalesDate(String v);

    public abstract Builder setPrice(BigDecimal v);

    public abstract Builder setQuantity(int v);

    public abstract Builder setTotalCost(BigDecimal v);

    public abstract Builder setAdditionalColumns(String v);

    public abstract Builder setSource(String v);

    public abstract Builder setLine(long v);

    public abstract Builder setRaw(String v);

    public abstract SalesTransaction build();
  }
}

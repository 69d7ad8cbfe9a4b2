package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCaseFormat;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.CaseFormat;

/** A sales record whose values all parsed: money in cents-exact BigDecimal, the date in UTC. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@SchemaCaseFormat(CaseFormat.LOWER_UNDERSCORE)
public abstract class SalesTransaction {
  public abstract String transactionId();

  public abstract String customerId();

  public abstract String storeId();

  public abstract boolean productById();

  /** The product_id, or the product_name when {@link #productById()} is false. */
  public abstract String productKey();

  public abstract String salesPersonId();

  /** The UTC calendar date of the sale, ISO-8601 ({@code yyyy-MM-dd}). */
  public abstract String salesDate();

  public abstract BigDecimal price();

  public abstract int quantity();

  public abstract BigDecimal totalCost();

  public abstract String additionalColumns();

  public abstract String source();

  public abstract long line();

  public abstract String raw();

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

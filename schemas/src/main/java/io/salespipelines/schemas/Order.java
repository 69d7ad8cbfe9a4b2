package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An order whose values all passed SPEC 2.1: typed, normalised (country upper-case or {@code
 * UNKNOWN}, status lower-case, money in cents), still carrying where it came from for the
 * duplicate check.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class Order {
  public abstract String getOrderId();

  /** UTC instant, microseconds since the epoch. */
  public abstract long getOrderTs();

  public abstract String getCustomerId();

  public abstract String getCountry();

  /** ISO date {@code yyyy-MM-dd}, or null. */
  public abstract @Nullable String getSignupDate();

  public abstract @Nullable String getPaymentMethod();

  public abstract String getPaymentStatus();

  public abstract @Nullable BigDecimal getPaymentAmount();

  public abstract List<OrderItem> getItems();

  public abstract String getAdditionalFields();

  public abstract String getSource();

  public abstract long getLine();

  public abstract long getOrdinal();

  public abstract String getRaw();

  /** {@code YYYY-MM}, the UTC month of order_ts. */
  public String month() {
    return FactOrder.monthOf(getOrderTs());
  }

  public static Builder builder() {
    return new AutoValue_Order.Builder();
  }

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setOrderId(String v);

    public abstract Builder setOrderTs(long v);

    public abstract Builder setCustomerId(String v);

    public abstract Builder setCountry(String v);

    public abstract Builder setSignupDate(@Nullable String v);

    public abstract Builder setPaymentMethod(@Nullable String v);

    public abstract Builder setPaymentStatus(String v);

    public abstract Builder setPaymentAmount(@Nullable BigDecimal v);

    public abstract Builder setItems(List<OrderItem> v);

    public abstract Builder setAdditionalFields(String v);

    public abstract Builder setSource(String v);

    public abstract Builder setLine(long v);

    public abstract Builder setOrdinal(long v);

    public abstract Builder setRaw(String v);

    public abstract Order build();
  }
}

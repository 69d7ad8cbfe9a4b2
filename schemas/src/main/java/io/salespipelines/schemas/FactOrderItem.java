package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Table fact_order_items (SPEC 2.2): one item line of an accepted order. It also carries two
 * values of its order that are not columns of the table: the order's month (the partition) and its
 * payment status, which category_sales_monthly needs to count paid orders only. Read back from the
 * table they are null until joined with fact_orders.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class FactOrderItem {
  public abstract String getOrderId();

  /** 1-based position in the order's items. */
  public abstract int getLineNo();

  public abstract String getCustomerId();

  public abstract String getProductId();

  public abstract String getCategory();

  public abstract int getQuantity();

  public abstract BigDecimal getUnitPrice();

  /** quantity × unit_price. */
  public abstract BigDecimal getLineTotal();

  /** Not a column: {@code YYYY-MM}, the UTC month of the order (the partition). */
  public abstract @Nullable String getOrderMonth();

  /** Not a column: the order's payment status. */
  public abstract @Nullable String getPaymentStatus();

  public boolean isPaid() {
    return FactOrder.PAID.equals(getPaymentStatus());
  }

  public abstract Builder toBuilder();

  public static Builder builder() {
    return new AutoValue_FactOrderItem.Builder();
  }

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setOrderId(String v);

    public abstract Builder setLineNo(int v);

    public abstract Builder setCustomerId(String v);

    public abstract Builder setProductId(String v);

    public abstract Builder setCategory(String v);

    public abstract Builder setQuantity(int v);

    public abstract Builder setUnitPrice(BigDecimal v);

    public abstract Builder setLineTotal(BigDecimal v);

    public abstract Builder setOrderMonth(@Nullable String v);

    public abstract Builder setPaymentStatus(@Nullable String v);

    public abstract FactOrderItem build();
  }
}

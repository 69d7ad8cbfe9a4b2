package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** One item of a validated {@link Order}: the category defaulted, the price in cents. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class OrderItem {
  public abstract String getProductId();

  /** As given, or {@code uncategorized} when missing or empty. */
  public abstract String getCategory();

  public abstract int getQuantity();

  /** Rounded HALF_UP to cents, {@code >= 0}. */
  public abstract BigDecimal getUnitPrice();

  public static OrderItem create(String productId, String category, int quantity, BigDecimal unitPrice) {
    return new AutoValue_OrderItem(productId, category, quantity, unitPrice);
  }
}

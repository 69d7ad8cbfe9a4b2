package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One element of an order's {@code items} as read, not yet typed: each value is the text of a JSON
 * scalar (numbers exactly as written), null when the key is absent or null. An element that is not
 * an object has every value null.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class ParsedOrderItem {
  public abstract @Nullable String getProductId();

  public abstract @Nullable String getCategory();

  public abstract @Nullable String getQuantity();

  public abstract @Nullable String getUnitPrice();

  public static ParsedOrderItem create(
      @Nullable String productId,
      @Nullable String category,
      @Nullable String quantity,
      @Nullable String unitPrice) {
    return new AutoValue_ParsedOrderItem(productId, category, quantity, unitPrice);
  }
}

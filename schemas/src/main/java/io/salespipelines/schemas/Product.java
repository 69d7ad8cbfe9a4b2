package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A row of dimensions/products.csv. Empty cells are null; the price is kept as text because no mart uses it. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class Product {
  public abstract String getProductId();

  public abstract @Nullable String getName();

  public abstract @Nullable String getCategory();

  public abstract @Nullable String getBrand();

  public abstract @Nullable String getCurrentPrice();

  public static Product create(
      String productId, @Nullable String name, @Nullable String category, @Nullable String brand, @Nullable String currentPrice) {
    return new AutoValue_Product(productId, name, category, brand, currentPrice);
  }
}

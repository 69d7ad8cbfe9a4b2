package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCaseFormat;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.CaseFormat;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A row of dimensions/products.csv. Empty cells are null; the price is kept as text because no mart uses it. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@SchemaCaseFormat(CaseFormat.LOWER_UNDERSCORE)
public abstract class Product {
  public abstract String productId();

  public abstract @Nullable String name();

  public abstract @Nullable String category();

  public abstract @Nullable String brand();

  public abstract @Nullable String currentPrice();

  public static Product create(
      String productId, @Nullable String name, @Nullable String category, @Nullable String brand, @Nullable String currentPrice) {
    return new AutoValue_Product(productId, name, category, brand, currentPrice);
  }
}

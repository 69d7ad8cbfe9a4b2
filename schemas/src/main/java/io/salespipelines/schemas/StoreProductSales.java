package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCaseFormat;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.CaseFormat;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Table store_product_sales: sum and count of valid sales per store and product. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@SchemaCaseFormat(CaseFormat.LOWER_UNDERSCORE)
public abstract class StoreProductSales {
  public abstract String storeId();

  public abstract @Nullable String storeName();

  public abstract @Nullable String location();

  public abstract String productId();

  public abstract BigDecimal totalSales();

  public abstract long transactionCount();

  public static StoreProductSales create(
      String storeId, @Nullable String storeName, @Nullable String location, String productId, BigDecimal totalSales, long transactionCount) {
    return new AutoValue_StoreProductSales(storeId, storeName, location, productId, totalSales, transactionCount);
  }
}

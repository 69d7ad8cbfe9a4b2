package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Table store_product_sales: sum and count of valid sales per store and product. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class StoreProductSales {
  public abstract String getStoreId();

  public abstract @Nullable String getStoreName();

  public abstract @Nullable String getLocation();

  public abstract String getProductId();

  public abstract BigDecimal getTotalSales();

  public abstract long getTransactionCount();

  public static StoreProductSales create(
      String storeId, @Nullable String storeName, @Nullable String location, String productId, BigDecimal totalSales, long transactionCount) {
    return new AutoValue_StoreProductSales(storeId, storeName, location, productId, totalSales, transactionCount);
  }
}

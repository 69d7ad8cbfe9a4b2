package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A row of dimensions/stores.csv. Empty cells are null. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class Store {
  public abstract String getStoreId();

  public abstract @Nullable String getStoreName();

  public abstract @Nullable String getLocation();

  public abstract @Nullable String getManagerName();

  public static Store create(
      String storeId, @Nullable String storeName, @Nullable String location, @Nullable String managerName) {
    return new AutoValue_Store(storeId, storeName, location, managerName);
  }
}

package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCaseFormat;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.CaseFormat;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A row of dimensions/stores.csv. Empty cells are null. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@SchemaCaseFormat(CaseFormat.LOWER_UNDERSCORE)
public abstract class Store {
  public abstract String storeId();

  public abstract @Nullable String storeName();

  public abstract @Nullable String location();

  public abstract @Nullable String managerName();

  public static Store create(
      String storeId, @Nullable String storeName, @Nullable String location, @Nullable String managerName) {
    return new AutoValue_Store(storeId, storeName, location, managerName);
  }
}

package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCaseFormat;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.CaseFormat;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A row of dimensions/sales_team.csv. Empty cells are null. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@SchemaCaseFormat(CaseFormat.LOWER_UNDERSCORE)
public abstract class SalesPerson {
  public abstract String id();

  public abstract @Nullable String firstName();

  public abstract @Nullable String lastName();

  public abstract @Nullable String managerId();

  public abstract @Nullable String isManager();

  public abstract @Nullable String address();

  public abstract @Nullable String pincode();

  public abstract @Nullable String joiningDate();

  public static SalesPerson create(
      String id, @Nullable String firstName, @Nullable String lastName, @Nullable String managerId, @Nullable String isManager, @Nullable String address, @Nullable String pincode, @Nullable String joiningDate) {
    return new AutoValue_SalesPerson(id, firstName, lastName, managerId, isManager, address, pincode, joiningDate);
  }
}

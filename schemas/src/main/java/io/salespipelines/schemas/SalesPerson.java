package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A row of dimensions/sales_team.csv. Empty cells are null. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class SalesPerson {
  public abstract String getId();

  public abstract @Nullable String getFirstName();

  public abstract @Nullable String getLastName();

  public abstract @Nullable String getManagerId();

  public abstract @Nullable String getIsManager();

  public abstract @Nullable String getAddress();

  public abstract @Nullable String getPincode();

  public abstract @Nullable String getJoiningDate();

  public static SalesPerson create(
      String id, @Nullable String firstName, @Nullable String lastName, @Nullable String managerId, @Nullable String isManager, @Nullable String address, @Nullable String pincode, @Nullable String joiningDate) {
    return new AutoValue_SalesPerson(id, firstName, lastName, managerId, isManager, address, pincode, joiningDate);
  }
}

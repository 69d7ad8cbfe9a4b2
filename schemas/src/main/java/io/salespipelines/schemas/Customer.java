package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCaseFormat;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.CaseFormat;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A row of dimensions/customers.csv. Empty cells are null. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@SchemaCaseFormat(CaseFormat.LOWER_UNDERSCORE)
public abstract class Customer {
  public abstract String customerId();

  public abstract @Nullable String firstName();

  public abstract @Nullable String lastName();

  public abstract @Nullable String address();

  public abstract @Nullable String pincode();

  public abstract @Nullable String phoneNumber();

  public abstract @Nullable String customerJoiningDate();

  public static Customer create(
      String customerId, @Nullable String firstName, @Nullable String lastName, @Nullable String address, @Nullable String pincode, @Nullable String phoneNumber, @Nullable String customerJoiningDate) {
    return new AutoValue_Customer(customerId, firstName, lastName, address, pincode, phoneNumber, customerJoiningDate);
  }
}

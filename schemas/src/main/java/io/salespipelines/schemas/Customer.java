package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A row of dimensions/customers.csv. Empty cells are null. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class Customer {
  public abstract String getCustomerId();

  public abstract @Nullable String getFirstName();

  public abstract @Nullable String getLastName();

  public abstract @Nullable String getAddress();

  public abstract @Nullable String getPincode();

  public abstract @Nullable String getPhoneNumber();

  public abstract @Nullable String getCustomerJoiningDate();

  public static Customer create(
      String customerId, @Nullable String firstName, @Nullable String lastName, @Nullable String address, @Nullable String pincode, @Nullable String phoneNumber, @Nullable String customerJoiningDate) {
    return new AutoValue_Customer(customerId, firstName, lastName, address, pincode, phoneNumber, customerJoiningDate);
  }
}

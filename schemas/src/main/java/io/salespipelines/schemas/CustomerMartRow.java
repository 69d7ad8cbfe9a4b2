package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Table customer_mart: one row per accepted sale, with the customer's details. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class CustomerMartRow {
  public abstract String getTransactionId();

  public abstract String getCustomerId();

  public abstract @Nullable String getFirstName();

  public abstract @Nullable String getLastName();

  public abstract @Nullable String getAddress();

  public abstract @Nullable String getPincode();

  public abstract @Nullable String getPhoneNumber();

  public abstract String getSalesDate();

  public abstract BigDecimal getTotalCost();

  public abstract String getAdditionalColumns();

  public static CustomerMartRow create(
      String transactionId, String customerId, @Nullable String firstName, @Nullable String lastName, @Nullable String address, @Nullable String pincode, @Nullable String phoneNumber, String salesDate, BigDecimal totalCost, String additionalColumns) {
    return new AutoValue_CustomerMartRow(transactionId, customerId, firstName, lastName, address, pincode, phoneNumber, salesDate, totalCost, additionalColumns);
  }
}

package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCaseFormat;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.CaseFormat;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Table customer_mart: one row per accepted sale, with the customer's details. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@SchemaCaseFormat(CaseFormat.LOWER_UNDERSCORE)
public abstract class CustomerMartRow {
  public abstract String transactionId();

  public abstract String customerId();

  public abstract @Nullable String firstName();

  public abstract @Nullable String lastName();

  public abstract @Nullable String address();

  public abstract @Nullable String pincode();

  public abstract @Nullable String phoneNumber();

  public abstract String salesDate();

  public abstract BigDecimal totalCost();

  public abstract String additionalColumns();

  public static CustomerMartRow create(
      String transactionId, String customerId, @Nullable String firstName, @Nullable String lastName, @Nullable String address, @Nullable String pincode, @Nullable String phoneNumber, String salesDate, BigDecimal totalCost, String additionalColumns) {
    return new AutoValue_CustomerMartRow(transactionId, customerId, firstName, lastName, address, pincode, phoneNumber, salesDate, totalCost, additionalColumns);
  }
}

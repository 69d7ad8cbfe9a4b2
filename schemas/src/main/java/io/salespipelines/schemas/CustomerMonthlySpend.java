package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Table customer_monthly_spend: a customer's total per calendar month of sales_date. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class CustomerMonthlySpend {
  public abstract String getCustomerId();

  public abstract @Nullable String getFirstName();

  public abstract @Nullable String getLastName();

  public abstract int getYear();

  public abstract int getMonth();

  public abstract BigDecimal getMonthlyTotal();

  public static CustomerMonthlySpend create(
      String customerId, @Nullable String firstName, @Nullable String lastName, int year, int month, BigDecimal monthlyTotal) {
    return new AutoValue_CustomerMonthlySpend(customerId, firstName, lastName, year, month, monthlyTotal);
  }
}

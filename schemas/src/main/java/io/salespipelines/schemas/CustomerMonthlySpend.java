package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCaseFormat;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.CaseFormat;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Table customer_monthly_spend: a customer's total per calendar month of sales_date. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@SchemaCaseFormat(CaseFormat.LOWER_UNDERSCORE)
public abstract class CustomerMonthlySpend {
  public abstract String customerId();

  public abstract @Nullable String firstName();

  public abstract @Nullable String lastName();

  public abstract int year();

  public abstract int month();

  public abstract BigDecimal monthlyTotal();

  public static CustomerMonthlySpend create(
      String customerId, @Nullable String firstName, @Nullable String lastName, int year, int month, BigDecimal monthlyTotal) {
    return new AutoValue_CustomerMonthlySpend(customerId, firstName, lastName, year, month, monthlyTotal);
  }
}

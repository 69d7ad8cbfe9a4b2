package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** Table monthly_active_customers: distinct customers with a paid order, per month and country (and {@code ALL}). */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class MonthlyActiveCustomers {
  /** The country row that counts every customer once, whatever countries their orders name. */
  public static final String ALL_COUNTRIES = "ALL";

  public abstract String getMonth();

  public abstract String getCountry();

  public abstract long getActiveCustomers();

  public static MonthlyActiveCustomers create(String month, String country, long activeCustomers) {
    return new AutoValue_MonthlyActiveCustomers(month, country, activeCustomers);
  }
}

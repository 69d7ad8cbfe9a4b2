package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Table monthly_churn: customers active in a month and not in the next. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class MonthlyChurn {
  public abstract String getMonth();

  public abstract long getActiveCustomers();

  /** Null for the last month (its next month is not known yet). */
  public abstract @Nullable Long getChurned();

  /** churned / active × 100, HALF_UP to 2 places; null for the last month and when active is 0. */
  public abstract @Nullable BigDecimal getChurnPct();

  public static MonthlyChurn create(
      String month, long activeCustomers, @Nullable Long churned, @Nullable BigDecimal churnPct) {
    return new AutoValue_MonthlyChurn(month, activeCustomers, churned, churnPct);
  }
}

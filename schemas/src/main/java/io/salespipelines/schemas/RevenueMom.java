package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Table revenue_mom: each month's revenue beside the previous calendar month's, and the running total. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class RevenueMom {
  public abstract String getMonth();

  public abstract BigDecimal getRevenue();

  /** Null for the first month. */
  public abstract @Nullable BigDecimal getPrevRevenue();

  /** Null when prev_revenue is null or 0. */
  public abstract @Nullable BigDecimal getMomGrowthPct();

  public abstract BigDecimal getRunningRevenue();

  public static RevenueMom create(
      String month,
      BigDecimal revenue,
      @Nullable BigDecimal prevRevenue,
      @Nullable BigDecimal momGrowthPct,
      BigDecimal runningRevenue) {
    return new AutoValue_RevenueMom(month, revenue, prevRevenue, momGrowthPct, runningRevenue);
  }
}

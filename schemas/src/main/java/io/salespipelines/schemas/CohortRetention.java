package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** Table cohort_retention: of the customers whose first paid order fell in a month, how many came back. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class CohortRetention {
  /** {@code YYYY-MM} of the cohort's first paid orders. */
  public abstract String getCohortMonth();

  /** 0..6. */
  public abstract int getMonthsSince();

  public abstract long getCohortSize();

  public abstract long getActiveCustomers();

  /** active / cohort_size × 100, HALF_UP to 2 places. */
  public abstract BigDecimal getRetentionPct();

  public static CohortRetention create(
      String cohortMonth, int monthsSince, long cohortSize, long activeCustomers, BigDecimal retentionPct) {
    return new AutoValue_CohortRetention(cohortMonth, monthsSince, cohortSize, activeCustomers, retentionPct);
  }
}

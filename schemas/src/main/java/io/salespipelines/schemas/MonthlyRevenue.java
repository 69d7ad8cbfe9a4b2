package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** Table monthly_revenue: paid orders, their revenue and average order value per month. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class MonthlyRevenue {
  /** {@code YYYY-MM}. */
  public abstract String getMonth();

  public abstract long getOrders();

  public abstract BigDecimal getRevenue();

  /** revenue / orders, HALF_UP to cents. */
  public abstract BigDecimal getAov();

  public static MonthlyRevenue create(String month, long orders, BigDecimal revenue, BigDecimal aov) {
    return new AutoValue_MonthlyRevenue(month, orders, revenue, aov);
  }
}

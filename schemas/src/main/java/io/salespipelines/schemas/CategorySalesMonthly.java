package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** Table category_sales_monthly: units and revenue of paid orders' items per month and category. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class CategorySalesMonthly {
  public abstract String getMonth();

  public abstract String getCategory();

  public abstract long getQuantity();

  public abstract BigDecimal getRevenue();

  public static CategorySalesMonthly create(String month, String category, long quantity, BigDecimal revenue) {
    return new AutoValue_CategorySalesMonthly(month, category, quantity, revenue);
  }
}

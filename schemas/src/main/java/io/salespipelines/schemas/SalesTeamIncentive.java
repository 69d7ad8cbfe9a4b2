package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Table sales_team_incentive: a sales person's total in one store and month, and the incentive the top performer earns (0.00 for everyone else). */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class SalesTeamIncentive {
  public abstract String getStoreId();

  public abstract String getSalesPersonId();

  public abstract @Nullable String getFirstName();

  public abstract @Nullable String getLastName();

  public abstract int getYear();

  public abstract int getMonth();

  public abstract BigDecimal getTotalSales();

  public abstract BigDecimal getIncentive();

  public static SalesTeamIncentive create(
      String storeId, String salesPersonId, @Nullable String firstName, @Nullable String lastName, int year, int month, BigDecimal totalSales, BigDecimal incentive) {
    return new AutoValue_SalesTeamIncentive(storeId, salesPersonId, firstName, lastName, year, month, totalSales, incentive);
  }
}

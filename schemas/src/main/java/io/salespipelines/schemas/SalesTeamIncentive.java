package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCaseFormat;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.CaseFormat;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Table sales_team_incentive: a sales person's total in one store and month, and the incentive the top performer earns (0.00 for everyone else). */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@SchemaCaseFormat(CaseFormat.LOWER_UNDERSCORE)
public abstract class SalesTeamIncentive {
  public abstract String storeId();

  public abstract String salesPersonId();

  public abstract @Nullable String firstName();

  public abstract @Nullable String lastName();

  public abstract int year();

  public abstract int month();

  public abstract BigDecimal totalSales();

  public abstract BigDecimal incentive();

  public static SalesTeamIncentive create(
      String storeId, String salesPersonId, @Nullable String firstName, @Nullable String lastName, int year, int month, BigDecimal totalSales, BigDecimal incentive) {
    return new AutoValue_SalesTeamIncentive(storeId, salesPersonId, firstName, lastName, year, month, totalSales, incentive);
  }
}

package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCaseFormat;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.CaseFormat;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Table sales_team_mart: one row per accepted sale, with the sales person's details. Partitioned by sales_month and store_id. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@SchemaCaseFormat(CaseFormat.LOWER_UNDERSCORE)
public abstract class SalesTeamMartRow {
  public abstract String transactionId();

  public abstract String salesPersonId();

  public abstract @Nullable String firstName();

  public abstract @Nullable String lastName();

  public abstract String storeId();

  public abstract String salesDate();

  public abstract BigDecimal totalCost();

  /** {@code YYYY-MM} of the sales date: a partition column, not stored inside the files. */
  public String salesMonth() {
    return salesDate().substring(0, 7);
  }

  public static SalesTeamMartRow create(
      String transactionId, String salesPersonId, @Nullable String firstName, @Nullable String lastName, String storeId, String salesDate, BigDecimal totalCost) {
    return new AutoValue_SalesTeamMartRow(transactionId, salesPersonId, firstName, lastName, storeId, salesDate, totalCost);
  }
}

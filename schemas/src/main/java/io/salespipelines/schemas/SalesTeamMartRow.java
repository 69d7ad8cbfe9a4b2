package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Table sales_team_mart: one row per accepted sale, with the sales person's details. Partitioned by sales_month and store_id. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class SalesTeamMartRow {
  public abstract String getTransactionId();

  public abstract String getSalesPersonId();

  public abstract @Nullable String getFirstName();

  public abstract @Nullable String getLastName();

  public abstract String getStoreId();

  public abstract String getSalesDate();

  public abstract BigDecimal getTotalCost();

  /** {@code YYYY-MM} of the sales date: a partition column, not stored inside the files. */
  public String salesMonth() {
    return getSalesDate().substring(0, 7);
  }

  public static SalesTeamMartRow create(
      String transactionId, String salesPersonId, @Nullable String firstName, @Nullable String lastName, String storeId, String salesDate, BigDecimal totalCost) {
    return new AutoValue_SalesTeamMartRow(transactionId, salesPersonId, firstName, lastName, storeId, salesDate, totalCost);
  }
}

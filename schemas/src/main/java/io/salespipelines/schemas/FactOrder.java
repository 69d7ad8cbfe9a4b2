package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Table fact_orders (SPEC 2.2): one accepted order, its items summed up. Partitioned by the UTC
 * month of order_ts ({@code order_year=YYYY/order_month=MM}).
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class FactOrder {
  /** The payment status whose orders count in the metrics. */
  public static final String PAID = "paid";

  private static final long MICROS_PER_DAY = 86_400_000_000L;

  public abstract String getOrderId();

  public abstract String getCustomerId();

  public abstract String getCountry();

  /** ISO date {@code yyyy-MM-dd}, or null. */
  public abstract @Nullable String getSignupDate();

  /** UTC instant, microseconds since the epoch (Parquet TIMESTAMP(MICROS), Avro timestamp-micros). */
  public abstract long getOrderTs();

  public abstract @Nullable String getPaymentMethod();

  public abstract String getPaymentStatus();

  public abstract @Nullable BigDecimal getPaymentAmount();

  /** Item lines. */
  public abstract int getItemCount();

  /** Units over all item lines. */
  public abstract long getQuantity();

  /** Sum of the items' line_total. */
  public abstract BigDecimal getOrderTotal();

  public abstract String getAdditionalFields();

  public boolean isPaid() {
    return PAID.equals(getPaymentStatus());
  }

  /** {@code YYYY-MM}, the UTC month of order_ts. */
  public String month() {
    return monthOf(getOrderTs());
  }

  /** {@code YYYY-MM} of an instant given in microseconds since the epoch, in UTC. */
  public static String monthOf(long epochMicros) {
    // Called for every order by every metric: no formatter, just the day's month.
    LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(epochMicros, MICROS_PER_DAY));
    return YearMonth.of(day.getYear(), day.getMonthValue()).toString();
  }

  /** The Hive partition of a month {@code YYYY-MM}: {@code order_year=YYYY/order_month=MM}. */
  public static String partitionOf(String month) {
    return "order_year=" + month.substring(0, 4) + "/order_month=" + month.substring(5, 7);
  }

  public abstract Builder toBuilder();

  public static Builder builder() {
    return new AutoValue_FactOrder.Builder();
  }

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setOrderId(String v);

    public abstract Builder setCustomerId(String v);

    public abstract Builder setCountry(String v);

    public abstract Builder setSignupDate(@Nullable String v);

    public abstract Builder setOrderTs(long v);

    public abstract Builder setPaymentMethod(@Nullable String v);

    public abstract Builder setPaymentStatus(String v);

    public abstract Builder setPaymentAmount(@Nullable BigDecimal v);

    public abstract Builder setItemCount(int v);

    public abstract Builder setQuantity(long v);

    public abstract Builder setOrderTotal(BigDecimal v);

    public abstract Builder setAdditionalFields(String v);

    public abstract FactOrder build();
  }
}

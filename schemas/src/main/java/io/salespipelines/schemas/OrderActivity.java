package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.joda.time.Instant;

/**
 * Table order_activity: the changes of one fixed event-time window. {@code units} and {@code value}
 * count INSERTs only (Σ quantity, Σ quantity × price).
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class OrderActivity {
  public abstract Instant getWindowStart();

  public abstract Instant getWindowEnd();

  public abstract long getInserts();

  public abstract long getModifies();

  public abstract long getRemoves();

  public abstract long getUnits();

  public abstract BigDecimal getValue();

  public static OrderActivity create(
      Instant windowStart, Instant windowEnd, long inserts, long modifies, long removes, long units, BigDecimal value) {
    return new AutoValue_OrderActivity(windowStart, windowEnd, inserts, modifies, removes, units, value);
  }
}

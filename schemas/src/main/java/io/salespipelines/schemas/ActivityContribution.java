package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.joda.time.Instant;

/**
 * What one change adds to the order_activity row of its window, keyed by event_id. Kept in the
 * database (table order_activity_events, inserted if absent) so that a window's row is always
 * recomputed from every change it ever received: a replay or a restart cannot double or lose one.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class ActivityContribution {
  public abstract String getEventId();

  public abstract Instant getWindowStart();

  public abstract Instant getWindowEnd();

  public abstract String getEventType();

  /** Units of an INSERT, 0 otherwise. */
  public abstract long getUnits();

  /** quantity × price of an INSERT, 0.00 otherwise. */
  public abstract BigDecimal getValue();

  public static ActivityContribution of(CdcEvent event, Instant windowStart, Instant windowEnd) {
    boolean insert = CdcEvent.INSERT.equals(event.getEventType());
    long units = insert && event.getQuantity() != null ? event.getQuantity() : 0L;
    return new AutoValue_ActivityContribution(
        event.getEventId(), windowStart, windowEnd, event.getEventType(), units, event.insertValue());
  }

  public static ActivityContribution create(
      String eventId, Instant windowStart, Instant windowEnd, String eventType, long units, BigDecimal value) {
    return new AutoValue_ActivityContribution(eventId, windowStart, windowEnd, eventType, units, value);
  }
}

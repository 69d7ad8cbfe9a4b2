package io.salespipelines.transforms.cdc;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.joda.time.Instant;

/**
 * One fired pane of an event-time window: how many changes came since the window's previous pane.
 * The changes themselves are in order_activity_events already (stored before they were grouped,
 * see {@link WindowOrderActivity}); the pane says which window's row to recompute.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class ActivityPane {
  public abstract Instant getWindowStart();

  public abstract Instant getWindowEnd();

  /** EARLY, ON_TIME or LATE. */
  public abstract String getTiming();

  public abstract boolean isLast();

  /** Changes admitted into the window since its previous pane. */
  public abstract long getChanges();

  public static ActivityPane create(Instant windowStart, Instant windowEnd, String timing, boolean last, long changes) {
    return new AutoValue_ActivityPane(windowStart, windowEnd, timing, last, changes);
  }
}

package io.salespipelines.transforms.cdc;

import com.google.auto.value.AutoValue;
import io.salespipelines.schemas.ActivityContribution;
import io.salespipelines.schemas.OrderActivity;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.joda.time.Instant;

/**
 * One fired pane of an event-time window: every change the window has received so far (panes
 * accumulate), and whether it is the window's last pane.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class ActivityPane {
  public abstract Instant getWindowStart();

  public abstract Instant getWindowEnd();

  /** EARLY, ON_TIME or LATE. */
  public abstract String getTiming();

  public abstract boolean isLast();

  public abstract List<ActivityContribution> getContributions();

  public static ActivityPane create(
      Instant windowStart, Instant windowEnd, String timing, boolean last, List<ActivityContribution> contributions) {
    return new AutoValue_ActivityPane(windowStart, windowEnd, timing, last, contributions);
  }

  /** The order_activity row of these contributions (each event_id once). */
  public OrderActivity toRow() {
    return sum(getWindowStart(), getWindowEnd(), getContributions());
  }

  public static OrderActivity sum(Instant start, Instant end, Iterable<ActivityContribution> contributions) {
    long inserts = 0;
    long modifies = 0;
    long removes = 0;
    long units = 0;
    BigDecimal value = BigDecimal.ZERO.setScale(2);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (ActivityContribution c : contributions) {
      if (!seen.add(c.getEventId())) {
        continue;
      }
      switch (c.getEventType()) {
        case "INSERT":
          inserts++;
          break;
        case "MODIFY":
          modifies++;
          break;
        default:
          removes++;
      }
      units += c.getUnits();
      value = value.add(c.getValue());
    }
    return OrderActivity.create(start, end, inserts, modifies, removes, units, value);
  }
}

package io.salespipelines.transforms.cdc;

import io.salespipelines.schemas.CdcEvent;
import io.salespipelines.schemas.ErrorType;
import java.io.Serializable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * How far after the wall clock a change's event time may be. A change from the future is a bad
 * record, not news: taken at its word, one ApproximateCreationDateTime in the year 3000 moved the
 * folder's watermark (and the watermark the next run starts from) there, and every later change was
 * too late for order_activity. So such a change is an {@code invalid_value} dead letter (the
 * parser) and does not move the watermark (the folder source); both go by this bound. Its clock is
 * the system's, or a test's.
 */
public final class FutureBound implements Serializable {
  /** The default: as long as the default allowed lateness, so a change within it never makes a current one too late. */
  public static final Duration DEFAULT = Duration.standardHours(1);

  private final long maxFutureMillis;
  private final WatchFolderSource.Clock clock;

  private FutureBound(long maxFutureMillis, WatchFolderSource.Clock clock) {
    this.maxFutureMillis = maxFutureMillis;
    this.clock = clock;
  }

  public static FutureBound of(Duration maxFuture) {
    return new FutureBound(maxFuture.getMillis(), System::currentTimeMillis);
  }

  /** The same bound going by another clock (tests). */
  public FutureBound withClock(WatchFolderSource.Clock clock) {
    return new FutureBound(maxFutureMillis, clock);
  }

  public Duration maxFuture() {
    return Duration.millis(maxFutureMillis);
  }

  /** The latest event time accepted now, in epoch milliseconds (saturating, for huge bounds). */
  public long latestMillis() {
    long now = clock.millis();
    return now > Long.MAX_VALUE - maxFutureMillis ? Long.MAX_VALUE : now + maxFutureMillis;
  }

  /** True when an event time (epoch milliseconds) is beyond the bound now. */
  public boolean isBeyond(long eventMillis) {
    return eventMillis > latestMillis();
  }

  /** An {@code invalid_value} of ApproximateCreationDateTime when the change's event time is beyond the bound. */
  void check(CdcEvent event) throws ChangeRecordException {
    if (isBeyond(event.getCreationTime() * 1000L)) {
      throw new ChangeRecordException(
          ErrorType.INVALID_VALUE, "dynamodb.ApproximateCreationDateTime",
          "ApproximateCreationDateTime " + Instant.ofEpochSecond(event.getCreationTime()) + " is more than "
              + maxFutureMillis / 1000 + " s (--maxFutureSeconds) after the time it was read ("
              + new Instant(clock.millis()) + ")");
    }
  }
}
